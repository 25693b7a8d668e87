"""Downloader middlewares, each doing one thing: refuse hosts, back off retries, hash images, capture WARC."""

from __future__ import annotations

import ipaddress
import random
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.response import response_status_message
from twisted.internet import reactor, task

from signaal.crawling.crawler import imaging
from signaal.crawling.crawler.warc import WarcLog


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: resolving it would already be traffic


class NetworkPolicyMiddleware:
    """Refuse every request (and proxy) off loopback when CRAWL_ALLOWED_NETWORK is 'loopback'."""

    def __init__(self, stats, allowed: str):
        self.stats = stats
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("SIGNAAL_ALLOWED_NETWORK", "any"))

    def process_request(self, request, spider=None):
        if self.allowed != "loopback":
            return None
        proxy = request.meta.get("proxy")
        if not is_loopback(request.url) or (proxy and not is_loopback(proxy)):
            self.stats.inc_value("signaal/refused_host")
            raise IgnoreRequest(f"refused {request.url}: crawls may only reach loopback here")
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting before each one: Retry-After when the site says so, else 2^n backoff."""

    max_wait = 30.0

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("SIGNAAL_RETRY_BACKOFF", 0.5)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempt = request.meta.get("retry_times", 0) + 1
        wait = self.base * 2 ** (attempt - 1) * (1 + random.random() / 4)
        after = response.headers.get(b"Retry-After")
        if after and after.strip().isdigit():
            wait = float(after.strip())
        await task.deferLater(reactor, min(wait, self.max_wait))
        reason = response_status_message(response.status)
        return self._retry(request, reason) or response


class ImageDigestMiddleware:
    """Hash image responses in memory and drop their bytes before anything else sees them."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not request.meta.get("signaal_image"):
            return response
        if response.status == 200:
            request.meta["image_digest"] = imaging.digest(response.body)
            self.stats.inc_value("signaal/images")
        request.meta["image_bytes_dropped"] = True
        return response.replace(body=b"")


class WarcCaptureMiddleware:
    """Write every exchange to the run's WARC; images only as a metadata record with their hashes."""

    def __init__(self, path: str, info: dict, crawler):
        self.log = WarcLog(path, info=info)
        self.crawler = crawler
        self.run_id = crawler.settings.getint("SIGNAAL_RUN_ID")
        from scrapy import signals

        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SIGNAAL_WARC_PATH")
        if not path:
            raise NotConfigured("no WARC path (dry run)")
        return cls(path, crawler.settings.getdict("SIGNAAL_WARC_INFO"), crawler)

    def process_response(self, request, response, spider=None):
        if request.meta.get("signaal_image"):
            digest = request.meta.get("image_digest") or {}
            self.log.write_metadata(
                url=request.url,
                data={"url": request.url, "status": response.status, "kind": "image", **digest},
            )
        else:
            request.meta["capture"] = self.log.write_exchange(
                url=response.url,
                method=request.method,
                request_headers=_pairs(request.headers),
                status=response.status,
                reason=response_status_message(response.status).split(" ", 1)[-1],
                response_headers=_pairs(response.headers),
                body=response.body,
            )
            request.meta["capture"]["run_id"] = self.run_id
        self.crawler.stats.set_value("signaal/warc_records", self.log.records)
        return response

    def close(self, spider=None):
        self.log.close()


def _pairs(headers) -> list[tuple[str, str]]:
    return [
        (k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values
    ]
