"""Tests crawl loopback only: a profile or a link that points elsewhere is refused without traffic."""

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.statscollectors import MemoryStatsCollector

from signaal.crawling.crawler.middlewares import NetworkPolicyMiddleware, is_loopback
from signaal.crawling.models import CrawlRun
from tests.crawling.helpers import crawl, write_profile

PROFILE = """\
name: elsewhere
site: elsewhere
start_urls: ["http://192.0.2.10/ads?page=1"]
listing: {type: html, links: {css: "a::attr(href)"}}
detail: {type: html, id: {css: "article::attr(data-id)"}, fields: {title: {css: "h1::text"}, text: {css: "p::text"}}}
"""


def middleware(allowed="loopback"):
    from scrapy.utils.test import get_crawler

    return NetworkPolicyMiddleware(MemoryStatsCollector(get_crawler()), allowed)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_profile_that_points_off_loopback_under_test_settings():
    done = crawl(write_profile(PROFILE), timeout=60)
    assert done.returncode == 2
    assert "refused http://192.0.2.10/ads?page=1" in done.stderr
    assert done.stderr.count("\n") == 1
    assert not CrawlRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_base_url_off_loopback():
    done = crawl("fixture-html", "--base-url", "http://example.org", timeout=60)
    assert done.returncode == 2
    assert "loopback" in done.stderr


@pytest.mark.parametrize(
    "url",
    [
        "http://192.0.2.10/",
        "http://example.org/ad/1",
        "http://10.0.0.1:8800/",
        "http://[2001:db8::1]/",
    ],
)
def test_it_refuses_requests_to_other_hosts(url):
    with pytest.raises(IgnoreRequest):
        middleware().process_request(Request(url))


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8800/ad/1", "http://localhost/", "http://[::1]:9/"]
)
def test_it_lets_loopback_through(url):
    assert middleware().process_request(Request(url)) is None
    assert is_loopback(url)


def test_it_refuses_a_proxy_off_loopback():
    with pytest.raises(IgnoreRequest):
        middleware().process_request(
            Request("http://127.0.0.1/", meta={"proxy": "http://192.0.2.1:3128"})
        )


def test_it_allows_any_host_when_configured_so():
    assert middleware("any").process_request(Request("http://192.0.2.10/")) is None
