"""Item pipelines: ingest each ad (with analysis), then link ads into networks in batches."""

from __future__ import annotations

import json
import sys
import time

from scrapy.exceptions import DropItem


class PrintPipeline:
    """Dry run: print what would be extracted, one JSON line per ad; store nothing."""

    def __init__(self, limit: int):
        self.limit = limit
        self.printed = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("SIGNAAL_PRINT_LIMIT"))

    def process_item(self, item, spider=None):
        from scrapy.exceptions import DropItem

        from signaal.crawling.ingest import record_from_item

        if self.limit and self.printed >= self.limit:
            raise DropItem("over the --limit")
        self.printed += 1
        sys.stdout.write(json.dumps(record_from_item(item), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return item


class IngestPipeline:
    """Upsert the ad and a new AdVersion when its content changed; score it on the way."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        from signaal.crawling.models import CrawlRun

        run_id = self.crawler.settings.getint("SIGNAAL_RUN_ID")
        self.run = CrawlRun.objects.select_related("source").get(pk=run_id)

    def process_item(self, item, spider=None):
        from signaal.crawling import services

        stats = self.crawler.stats
        try:
            result = services.ad_ingest(source=self.run.source, run=self.run, item=item, actor=None)
        except Exception as e:  # counted into the run's errors; the crawl goes on
            stats.inc_value("signaal/ingest_errors")
            raise DropItem(f"cannot store {item.get('url')}: {e}") from e
        stats.inc_value("signaal/ads")
        if result.outcome != "seen":
            stats.inc_value(f"signaal/{result.outcome}")
        item["ingest"] = result
        return item


class LinkingPipeline:
    """Feed new and changed ads to the persisted AdLinker every few seconds and when the run ends."""

    interval = 10.0

    def __init__(self):
        self.pending: list = []
        self.last = time.monotonic()

    def process_item(self, item, spider=None):
        result = item.get("ingest")
        if result is not None and result.analysis is not None:
            self.pending.append((result.version_id, result.analysis))
        if self.pending and time.monotonic() - self.last >= self.interval:
            self.flush()
        return item

    def flush(self):
        from signaal.crawling import linking

        linking.link_pending(self.pending)
        self.pending = []
        self.last = time.monotonic()

    def close_spider(self, spider=None):
        self.flush()
