"""Two crawler processes split one site over the Redis-shared frontier: no URL is fetched twice."""

import uuid

import pytest
import redis
from warcio.archiveiterator import ArchiveIterator

from signaal.crawling.models import Ad, AdVersion, CrawlRun
from signaal.crawling.services import frontier_keys
from tests.crawling.helpers import REDIS_TEST_URL, crawl_popen, fixture_site, warc_file

pytestmark = pytest.mark.django_db(transaction=True)


def fetched(run: CrawlRun) -> list[str]:
    """Every URL the run fetched: responses, and images (metadata records), robots.txt aside."""
    urls = []
    with open(warc_file(run), "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type in ("response", "metadata"):
                url = record.rec_headers.get_header("WARC-Target-URI")
                if not url.endswith("/robots.txt"):
                    urls.append(url)
    return urls


def test_it_splits_one_site_over_two_processes_without_fetching_a_url_twice():
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.ping()
    job = f"split-{uuid.uuid4().hex[:8]}"
    # Slow enough that the second process is up before the first one is done.
    with fixture_site(ads=150, latency=0.15) as (site, url):
        args = ("fixture-html", "--base-url", url, "--job", job)
        procs = [crawl_popen(*args, SIGNAAL_REDIS_URL=REDIS_TEST_URL) for _ in range(2)]
        codes = [p.wait(timeout=240) for p in procs]
        pages = site.page_count(site.live())
        expected = {f"{url}/ads?page={n}" for n in range(1, pages + 1)}
        for record in site.records:
            expected.add(f"{url}/ad/{record['no']}")
            expected.update(f"{url}/img/{name}.png" for name in record["image_names"])
    assert codes == [0, 0]
    runs = list(CrawlRun.objects.filter(job=job))
    assert len(runs) == 2
    assert all(r.status == CrawlRun.Status.FINISHED for r in runs), [r.message for r in runs]
    a, b = (fetched(r) for r in runs)
    assert len(a) == len(set(a)) and len(b) == len(set(b))
    assert a and b, "both processes should have taken part"
    assert set(a) & set(b) == set()
    assert set(a) | set(b) == expected
    assert Ad.objects.count() == 150 and AdVersion.objects.count() == 150
    # the finished job leaves no frontier behind
    assert not any(client.exists(k) for k in frontier_keys(job))
