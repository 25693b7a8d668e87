"""Item pipelines: ingest each ad (with analysis), then link ads into networks in batches."""

from __future__ import annotations

import json
import logging
import sys
import time

from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)


class PrintPipeline:
    """Dry run: print what would be extracted, one JSON line per ad; store nothing."""

    def __init__(self, limit: int):
        self.limit = limit
        self.printed = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("SIGNAAL_PRINT_LIMIT"))

    def process_item(self, item, spider=None):

        from signaal.crawling.ingest import record_from_item

        if self.limit and self.printed >= self.limit:
            raise DropItem("over the --limit")
        self.printed += 1
        sys.stdout.write(json.dumps(record_from_item(item), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return item


class IngestPipeline:
    """Store ads in small batches (one transaction each): a new AdVersion when content changed."""

    batch = 25
    interval = 1.0

    def __init__(self, crawler):
        self.crawler = crawler
        self.buffer: list = []
        self.last = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        from signaal.crawling.models import CrawlRun

        run_id = self.crawler.settings.getint("SIGNAAL_RUN_ID")
        self.run = CrawlRun.objects.select_related("source").get(pk=run_id)

    def process_item(self, item, spider=None):
        self.buffer.append(item)
        if len(self.buffer) >= self.batch or time.monotonic() - self.last >= self.interval:
            self.flush()
        return item

    def flush(self):
        from signaal.crawling import services

        items, self.buffer, self.last = self.buffer, [], time.monotonic()
        if not items:
            return
        stats = self.crawler.stats
        try:
            results = services.ads_ingest(
                source=self.run.source, run=self.run, items=items, actor=None
            )
        except Exception:  # e.g. another process stored one of these ads first: one by one
            results = []
            for item in items:
                try:
                    results += services.ads_ingest(
                        source=self.run.source, run=self.run, items=[item], actor=None
                    )
                except Exception:  # counted into the run's errors; the crawl goes on
                    logger.exception("cannot store %s", item.get("url"))
                    stats.inc_value("signaal/ingest_errors")
        stats.inc_value("signaal/ads", len(results))
        for result in results:
            if result.outcome != "seen":
                stats.inc_value(f"signaal/{result.outcome}")

    def close_spider(self, spider=None):
        self.flush()
