"""Hostile sites end a crawl with a clear status within a bounded time, keeping what was captured."""

import time
from pathlib import Path

import pytest

from signaal.crawling.models import CrawlRun
from signaal.crawling.profiles import PROFILE_DIR
from tests.crawling.helpers import crawl, fixture_site, warc_file, warcio_check, write_profile

pytestmark = pytest.mark.django_db(transaction=True)

BOUND_SECONDS = 45
F, P, OK = CrawlRun.Status.FAILED, CrawlRun.Status.PARTIAL, CrawlRun.Status.FINISHED


def strict_profile() -> str:
    text = (Path(PROFILE_DIR) / "fixture-html.yaml").read_text()
    head = text.split("politeness:")[0]
    return write_profile(
        head
        + "politeness:\n  concurrency: 4\n  timeout: 2\n  retries: 1\n  max_page_bytes: 1000000\n"
        "  max_pages: 60\n  max_seconds: 30\n"
    )


@pytest.mark.parametrize(
    ("mode", "statuses", "words"),
    [
        ("slow", {F}, "No page could be fetched"),
        ("500", {F}, "No page could be fetched"),
        ("429", {F}, "No page could be fetched"),
        ("loop", {F}, "No page could be fetched"),
        ("huge", {F}, "No page could be fetched"),
        ("junk", {F}, "No ads could be read"),
        ("malformed", {OK, P}, ""),
        ("endless", {P}, "page limit"),
    ],
)
def test_it_ends_a_hostile_crawl_with_a_clear_status(mode, statuses, words):
    with fixture_site(ads=40) as (_site, url):
        started = time.monotonic()
        done = crawl(strict_profile(), "--base-url", f"{url}/h/{mode}", timeout=BOUND_SECONDS + 30)
        elapsed = time.monotonic() - started
    run = CrawlRun.objects.get()
    assert elapsed < BOUND_SECONDS, f"{mode} took {elapsed:.0f}s"
    assert run.status in statuses, run.message
    assert words in run.message
    assert done.returncode == (1 if run.status == F else 0), done.stderr[-1500:]
    # what was captured is kept and reads cleanly
    assert run.warc_blob is not None
    assert warcio_check(warc_file(run)).returncode == 0


def test_it_fails_clearly_when_the_site_is_unreachable():
    with fixture_site(ads=1) as (_site, url):
        pass  # the port is closed again
    done = crawl(strict_profile(), "--base-url", url, timeout=60)
    run = CrawlRun.objects.get()
    assert done.returncode == 1
    assert run.status == F
    assert "No page could be fetched" in run.message and "ConnectionRefusedError" in run.message
    assert "failed" in done.stderr and done.stderr.count("\n") == 1


def test_it_obeys_robots_txt_and_says_so():
    with fixture_site(ads=5) as (site, url):
        done = crawl(strict_profile(), "--base-url", f"{url}/private", timeout=60)
        hits = dict(site.hits)
    run = CrawlRun.objects.get()
    assert done.returncode == 1
    assert run.status == F and "robots.txt of the site forbids" in run.message
    assert not any(path.startswith("/private/") for path in hits)
