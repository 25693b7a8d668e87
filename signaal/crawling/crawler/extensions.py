"""Write the run's progress to its CrawlRun row every few seconds and keep a shared frontier alive."""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task


def counters(stats) -> dict:
    get = stats.get_value
    errors = (
        (get("downloader/exception_count") or 0)
        + (get("signaal/parse_errors") or 0)
        + (get("signaal/ingest_errors") or 0)
        + (get("spider_exceptions/count") or 0)
        + sum(
            v
            for k, v in stats.get_stats().items()
            if k.startswith("downloader/response_status_count/5")
        )
        + (get("downloader/response_status_count/429") or 0)
        + (get("signaal/refused_host") or 0)
    )
    return {
        "pages": get("downloader/response_count") or 0,
        "ads": get("signaal/ads") or 0,
        "new": get("signaal/new") or 0,
        "changed": get("signaal/changed") or 0,
        "errors": errors,
        "images": get("signaal/images") or 0,
        "warc_records": get("signaal/warc_records") or 0,
    }


class RunProgress:
    interval = 2.0

    def __init__(self, crawler, run_id: int):
        self.crawler = crawler
        self.run_id = run_id
        self.loop = task.LoopingCall(self.update)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        run_id = crawler.settings.getint("SIGNAAL_RUN_ID")
        if not run_id:
            raise NotConfigured("dry run")
        return cls(crawler, run_id)

    def opened(self, spider):
        self.loop.start(self.interval, now=True)

    def update(self):
        from signaal.crawling import services

        services.run_progress(run_id=self.run_id, counts=counters(self.crawler.stats))

    def closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        self.update()


class SharedFrontierKeepAlive:
    """With a shared frontier, stay open while other processes may still add requests."""

    def __init__(self, crawler, grace: float):
        self.crawler = crawler
        self.grace = grace
        self.idle_since = None
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.busy, signal=signals.request_scheduled)
        crawler.signals.connect(self.busy, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("SIGNAAL_SHARED_FRONTIER"):
            raise NotConfigured("local frontier")
        return cls(crawler, crawler.settings.getfloat("SIGNAAL_FRONTIER_GRACE", 8.0))

    def busy(self, *args, **kwargs):
        self.idle_since = None

    def idle(self, spider):
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.grace:
            raise DontCloseSpider


class Linking:
    """Link newly stored ad versions into networks every few seconds and when the run ends."""

    interval = 10.0

    def __init__(self, crawler):
        self.loop = task.LoopingCall(self.link)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        self.loop.start(self.interval, now=False)

    def link(self):
        from signaal.crawling import linking

        linking.link_pending([])

    def closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        self.link()
