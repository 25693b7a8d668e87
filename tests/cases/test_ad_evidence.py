import io

from django.core.exceptions import ValidationError
from warcio.archiveiterator import ArchiveIterator

from signaal.cases import services
from signaal.vault import blobs
from tests.base import SignaalTestCase
from tests.cases.helpers import case_from_report
from tests.crawling.helpers import attach_capture, make_ad

HTML = "<html><body><h1>Nieuw in Utrecht</h1><p>Bel 06-12345678</p></body></html>"


class AdEvidenceTests(SignaalTestCase):
    def setUp(self):
        self.case = case_from_report(self.coordinator)
        services.case_assign(
            case=self.case, investigators=[self.investigator], actor=self.coordinator
        )
        self.ad = make_ad()
        attach_capture(self.ad, HTML)

    def test_it_stores_the_capture_record_unchanged_as_a_warc_file(self):
        item = services.evidence_add_ad(case=self.case, ad=self.ad, actor=self.investigator)
        records = list(ArchiveIterator(io.BytesIO(blobs.read_bytes(item.blob))))
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0].rec_headers.get_header("WARC-Target-URI"), self.ad.url)
        self.assertEqual(item.content_type, "application/warc")
        self.assertEqual(item.kind, "crawled_ad")

    def test_it_keeps_the_analysis_as_it_stood(self):
        item = services.evidence_add_ad(case=self.case, ad=self.ad, actor=self.investigator)
        self.assertEqual(item.analysis["score"], self.ad.score)
        self.assertTrue(item.analysis["indicators"])
        self.assertEqual(
            item.analysis["capture"]["warc_record_id"], self.ad.current_version().warc_record_id
        )

    def test_it_adds_the_ad_selectors_to_the_case(self):
        services.evidence_add_ad(case=self.case, ad=self.ad, actor=self.investigator)
        self.assertIn("+31612345678", [s.value for s in self.case.selectors.all()])

    def test_it_refuses_the_same_ad_twice(self):
        services.evidence_add_ad(case=self.case, ad=self.ad, actor=self.investigator)
        with self.assertRaisesMessage(ValidationError, "al een bewijsstuk"):
            services.evidence_add_ad(case=self.case, ad=self.ad, actor=self.investigator)

    def test_it_refuses_an_ad_without_a_capture(self):
        bare = make_ad(key="t2")
        with self.assertRaisesMessage(ValidationError, "capture"):
            services.evidence_add_ad(case=self.case, ad=bare, actor=self.investigator)
        self.assertEqual(self.case.evidence.count(), 1)


class AdEvidenceViewTests(SignaalTestCase):
    def setUp(self):
        self.case = case_from_report(self.coordinator)
        services.case_assign(
            case=self.case, investigators=[self.investigator], actor=self.coordinator
        )
        self.ad = make_ad()
        attach_capture(self.ad, HTML)
        self.login(self.investigator)

    def post(self, value):
        from django.urls import reverse

        return self.client.post(
            reverse("cases:evidence_add_ad", args=[self.case.pk]), {"ad": value}, follow=True
        )

    def test_it_adds_an_ad_by_its_number_or_url(self):
        self.assertContains(self.post(str(self.ad.pk)), "toegevoegd als bewijsstuk")
        other = make_ad(key="t3")
        attach_capture(other, HTML)
        self.assertContains(self.post(other.url), "toegevoegd als bewijsstuk")
        self.assertEqual(self.case.evidence.filter(kind="crawled_ad").count(), 2)

    def test_it_says_when_no_ad_matches(self):
        self.assertContains(self.post("http://127.0.0.1:8800/ad/none"), "Geen advertentie gevonden")
        self.assertContains(self.post(""), "Geen advertentie gevonden")
