"""A real crawl of the fixture site on loopback: ingest, analysis, versions between epochs, WARC evidence."""

import json
import urllib.request

import pytest

from signaal.audit.models import AuditEvent
from signaal.crawling import queries
from signaal.crawling.models import Ad, AdVersion, CrawlRun, LinkerState, Network
from tests.crawling.helpers import crawl, fixture_site, warc_file, warc_plain, warcio_check

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_crawls_the_html_layout_into_ads_with_analysis_and_a_checked_warc():
    with fixture_site(ads=60) as (site, url):
        done = crawl("fixture-html", "--base-url", url)
    assert done.returncode == 0, done.stderr[-2000:]
    run = CrawlRun.objects.get()
    assert run.status == CrawlRun.Status.FINISHED, run.message
    assert (run.ads, run.new, run.errors) == (60, 60, 0)
    assert Ad.objects.count() == 60
    assert AdVersion.objects.count() == 60
    assert run.images == sum(len(r["image_names"]) for r in site.records)
    # analysis: scores, indicators with spans, selectors; linking persisted
    assert Ad.objects.filter(score__gte=50).exists()
    flagged = Ad.objects.filter(score__gte=50).first()
    assert flagged.analysis["indicators"] and flagged.categories
    assert LinkerState.objects.get().state["ids"]
    assert Network.objects.exists()
    assert not AdVersion.objects.filter(linked=False).exists()
    # capture reference: the WARC is in the vault, with its hash, and the record holds the page
    assert run.warc_blob.sha256 == run.warc_sha256
    version = AdVersion.objects.select_related("run", "ad").first()
    assert version.response_sha256 and version.warc_record_id.startswith("<urn:uuid:")
    html = queries.capture_html(version)
    assert f'data-id="{version.ad.external_id}"' in html
    path = warc_file(run)
    check = warcio_check(path)
    assert check.returncode == 0, check.stdout + check.stderr
    plain = warc_plain(path)
    assert b"\x89PNG" not in plain
    assert plain.count(b"WARC-Type: metadata") == run.images
    assert AuditEvent.objects.filter(action="crawl.finish", object_id=str(run.pk)).exists()


def test_it_records_changes_between_epochs_as_versions():
    with fixture_site(ads=60) as (site, url):
        assert crawl("fixture-json", "--base-url", url).returncode == 0
        urllib.request.urlopen(f"{url}/_control/epoch?n=1").read()
        moved = [
            r["no"]
            for r in site.records
            if site.ad(r["no"]) and site.ad(r["no"])["city"] != r["city"]
        ]
        removed = [r["no"] for r in site.records if site.ad(r["no"]) is None]
        second = crawl("fixture-json", "--base-url", url)
    assert second.returncode == 0, second.stderr[-2000:]
    run = CrawlRun.objects.order_by("-pk").first()
    assert run.status == CrawlRun.Status.FINISHED, run.message
    assert run.new == 0 and run.changed > 0
    assert run.ads == 60 - len(removed)
    assert moved, "the epoch should move some ads"
    ad = Ad.objects.get(key=f"fixture:{moved[0]}")
    cities = [v.fields["city"] for v in ad.versions.order_by("pk")]
    assert len(cities) == 2 and cities[0] != cities[1] and cities[1] == ad.city
    assert AdVersion.objects.count() == 60 + run.changed
    # unchanged ads get no new version, removed ads keep their last run
    for no in removed:
        assert Ad.objects.get(key=f"fixture:{no}").last_run_id != run.pk
    # linking went on from the stored state instead of starting over
    assert LinkerState.objects.get().revision >= 2
    assert len(LinkerState.objects.get().state["ids"]) == 60


def test_it_prints_a_dry_run_without_storing_anything():
    with fixture_site(ads=60) as (_site, url):
        done = crawl("fixture-json", "--base-url", url, "--dry-run", "--limit", "5")
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 5
    assert all(r["id"].startswith("fixture:") and r["title"] and "text" in r for r in lines)
    assert Ad.objects.count() == 0 and CrawlRun.objects.count() == 0


def test_it_refuses_a_bad_profile_with_exit_2_and_one_line():
    done = crawl("no-such-profile")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "no such profile" in done.stderr
