"""Ingest: versions only on change, batches that survive one bad ad, the analysis stored with the ad."""

from scrapy.utils.test import get_crawler

from signaal.crawling import services
from signaal.crawling.crawler.pipelines import IngestPipeline
from signaal.crawling.models import Ad, AdVersion
from tests.base import SignaalTestCase
from tests.crawling.helpers import make_ad


def item(key, city="Utrecht", text="Hoi, ik ben Lisa. Bel 06-12345678."):
    return {
        "site": "fixture",
        "external_id": key,
        "url": f"http://127.0.0.1:8800/ad/{key}",
        "fields": {"title": f"Lisa in {city}", "text": text, "city": city, "phones": []},
        "images": [],
        "capture": {"record_id": "<urn:uuid:x>", "offset": 10, "length": 5, "sha256": "ab" * 32},
    }


class IngestTests(SignaalTestCase):
    def setUp(self):
        self.ad = make_ad(key="base")
        self.run, self.source = self.ad.last_run, self.ad.source

    def ingest(self, *items):
        return services.ads_ingest(source=self.source, run=self.run, items=list(items), actor=None)

    def test_it_adds_a_version_only_when_the_content_changes(self):
        self.assertEqual(self.ingest(item("a"))[0].outcome, "new")
        self.assertEqual(self.ingest(item("a"))[0].outcome, "seen")
        self.assertEqual(self.ingest(item("a", city="Breda"))[0].outcome, "changed")
        ad = Ad.objects.get(key="fixture:a")
        self.assertEqual(
            [v.fields["city"] for v in ad.versions.order_by("pk")], ["Utrecht", "Breda"]
        )
        self.assertEqual((ad.city, ad.version_count), ("Breda", 2))

    def test_it_keeps_the_capture_reference_and_the_analysis(self):
        self.ingest(item("a"))
        version = AdVersion.objects.get(ad__key="fixture:a")
        self.assertEqual((version.warc_offset, version.response_sha256), (10, "ab" * 32))
        self.assertEqual(version.capture_run_id, self.run.pk)
        ad = version.ad
        self.assertEqual(ad.analysis["selectors"][0]["value"], "+31612345678")

    def test_it_refuses_a_user_without_crawl_permission(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.ads_ingest(
                source=self.source, run=self.run, items=[item("a")], actor=self.intake_user
            )

    def test_a_batch_survives_one_bad_ad(self):
        crawler = get_crawler(settings_dict={"SIGNAAL_RUN_ID": self.run.pk})
        crawler.stats.open_spider()
        pipeline = IngestPipeline(crawler)
        pipeline.open_spider()
        bad = {"site": "fixture", "external_id": "bad"}  # no fields at all
        for it in (item("a"), bad, item("b")):
            pipeline.process_item(it)
        pipeline.close_spider()
        self.assertTrue(Ad.objects.filter(key__in=["fixture:a", "fixture:b"]).count() == 2)
        self.assertEqual(crawler.stats.get_value("signaal/ingest_errors"), 1)
        self.assertEqual(crawler.stats.get_value("signaal/new"), 2)
