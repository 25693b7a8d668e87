"""The baseline for bench/crawl_throughput.py: a bare Scrapy spider that fetches the same pages
(listing, details, images) with the same politeness and does nothing else. No Django, no WARC,
no ingest, no analysis.

    python bench/crawl_bare.py http://127.0.0.1:8800
"""

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base, **kwargs):
        super().__init__(**kwargs)
        self.base = base

    async def start(self):
        yield scrapy.Request(f"{self.base}/ads?page=1", callback=self.parse_listing)

    def parse_listing(self, response):
        for href in response.css("ul.ads a.ad-link::attr(href)").getall():
            yield response.follow(href, callback=self.parse_detail)
        nxt = response.css("a[rel=next]::attr(href)").get()
        if nxt:
            yield response.follow(nxt, callback=self.parse_listing)

    def parse_detail(self, response):
        for src in response.css("img.photo::attr(src)").getall():
            yield response.follow(src, callback=self.parse_image, dont_filter=True)

    def parse_image(self, response):
        return None


def main() -> int:
    base = sys.argv[1].rstrip("/")
    process = CrawlerProcess(
        settings={
            "LOG_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
            "COOKIES_ENABLED": False,
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": 8,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": 0.05,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
            "DOWNLOAD_TIMEOUT": 10,
            "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, base=base)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("downloader/response_count", 0)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
