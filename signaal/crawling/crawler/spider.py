"""One spider for every profile: listing pages -> detail pages -> the ad's images -> an item."""

from __future__ import annotations

import scrapy

from signaal.crawling.crawler import extract
from signaal.crawling.profiles import Profile


class ProfileSpider(scrapy.Spider):
    name = "signaal"

    def __init__(self, *args, profile: Profile, skip_urls=(), shared_frontier=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.skip_urls = frozenset(skip_urls)  # details a killed run of this job already ingested
        self.shared_frontier = shared_frontier

    def _request(self, url, callback, **kwargs):
        meta = kwargs.pop("meta", {})
        if self.profile.proxy:
            meta["proxy"] = self.profile.proxy
        return scrapy.Request(url, callback=callback, meta=meta, **kwargs)

    async def start(self):
        for url in self.profile.start_urls:
            # Listing pages are read again on every run (that is how changes show);
            # with a shared frontier the first process's request stands for all.
            yield self._request(url, self.parse_listing, dont_filter=not self.shared_frontier)

    def parse_listing(self, response):
        try:
            links, nxt = extract.links(response, self.profile)
        except extract.ExtractError as e:
            self._parse_error(response, e)
            return
        self.crawler.stats.inc_value("signaal/listing_pages")
        for url in links:
            if url not in self.skip_urls:
                yield self._request(url, self.parse_detail)
        if nxt:
            yield self._request(nxt, self.parse_listing, dont_filter=not self.shared_frontier)

    def parse_detail(self, response):
        try:
            external_id, fields = extract.detail(response, self.profile)
        except extract.ExtractError as e:
            self._parse_error(response, e)
            return
        if not external_id:
            self._parse_error(response, "the page has no ad id")
            return
        item = {
            "site": self.profile.site,
            "external_id": external_id,
            "url": fields.pop("url", None) or response.url,
            "detail_url": response.url,
            "fields": fields,
            "images": [],
            "capture": response.meta.get("capture"),
        }
        yield from self._next_image(item, list(fields.get("images") or []))

    def _next_image(self, item, pending):
        if not pending:
            yield item
            return
        url, rest = pending[0], pending[1:]
        # Images belong to their ad, so the same URL on another ad is fetched for that ad too.
        yield self._request(
            url,
            self.parse_image,
            dont_filter=True,
            meta={"signaal_image": True},
            cb_kwargs={"item": item, "pending": rest},
            errback=self.image_failed,
        )

    def parse_image(self, response, item, pending):
        digest = response.meta.get("image_digest") or {}
        item["images"].append({"url": response.url, **digest})
        yield from self._next_image(item, pending)

    def image_failed(self, failure):
        request = failure.request
        item, pending = request.cb_kwargs["item"], request.cb_kwargs["pending"]
        item["images"].append({"url": request.url, "error": failure.type.__name__})
        yield from self._next_image(item, pending)

    def _parse_error(self, response, error):
        self.crawler.stats.inc_value("signaal/parse_errors")
        self.logger.warning("cannot read %s: %s", response.url, error)
