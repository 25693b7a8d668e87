"""kill -9 in the middle of a crawl: the next run continues, the killed run's WARC stays readable."""

import os
import signal
import time

import pytest

from signaal.crawling.models import Ad, AdVersion, CrawlRun
from tests.crawling.helpers import (
    crawl,
    crawl_popen,
    fixture_site,
    output_of,
    warc_file,
    warcio_check,
)

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_it_resumes_after_kill_9_without_duplicates_or_lost_ads():
    with fixture_site(ads=120, latency=0.03) as (site, url):
        proc = crawl_popen("fixture-html", "--base-url", url)
        try:
            started = wait_for(lambda: Ad.objects.count() >= 25, timeout=90)
            assert started, f"the crawl did not get going: {proc.poll()} {output_of(proc)}"
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        killed = CrawlRun.objects.get()
        assert killed.status == CrawlRun.Status.RUNNING  # nobody closed it
        before = Ad.objects.count()
        assert before < 120

        done = crawl("fixture-html", "--base-url", url)
        assert done.returncode == 0, done.stderr[-2000:]
        detail_hits = {p: n for p, n in site.hits.items() if p.startswith("/ad/")}

    killed.refresh_from_db()
    resumed = CrawlRun.objects.exclude(pk=killed.pk).get()
    assert killed.status == CrawlRun.Status.INTERRUPTED
    assert resumed.status == CrawlRun.Status.FINISHED, resumed.message
    assert resumed.job == killed.job
    # every ad once, none lost, and no version twice for the same content
    assert Ad.objects.count() == 120
    assert Ad.objects.values("key").distinct().count() == 120
    assert AdVersion.objects.count() == 120
    # what the killed run ingested was not fetched again
    assert resumed.new == 120 - before
    refetched = [p for p, n in detail_hits.items() if n > 1]
    # at most the requests in flight and the ads waiting for their batch at the kill
    assert len(refetched) <= 40, refetched
    # the killed run's WARC was recovered into the vault and reads cleanly
    assert killed.warc_blob is not None and killed.warc_records > 0
    check = warcio_check(warc_file(killed))
    assert check.returncode == 0, check.stdout + check.stderr


def test_it_trims_a_cut_off_warc_to_its_last_complete_record(tmp_path):
    from signaal.crawling.crawler.warc import WarcLog, recover

    path = tmp_path / "cut.warc.gz"
    log = WarcLog(path)

    def exchange(n):
        return log.write_exchange(
            url=f"http://127.0.0.1/ad/{n}",
            method="GET",
            request_headers=[],
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "text/html")],
            body=f"<p>ad {n}</p>".encode() * 200,
        )

    for n in range(3):
        exchange(n)
    whole = path.stat().st_size
    last = exchange(3)
    log.close()
    with open(path, "r+b") as f:
        f.truncate(last["offset"] + last["length"] // 2)  # what a kill mid-write leaves
    assert recover(path) == 7  # warcinfo + 3 x (response, request)
    assert path.stat().st_size == whole
    assert warcio_check(path).returncode == 0
