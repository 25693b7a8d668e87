from django.urls import reverse

from signaal.cases import services
from signaal.cases.queries import seen_elsewhere
from tests.base import SignaalTestCase
from tests.cases.helpers import case_from_report
from tests.crawling.helpers import make_ad


class SeenElsewhereTests(SignaalTestCase):
    def setUp(self):
        self.ad = make_ad(title="Nieuw in Utrecht", text="Bel 06-12345678, net 18.")
        self.case = case_from_report(
            self.coordinator, what_happened="Hij belt haar vanaf 06 12 34 56 78.", where_online=""
        )
        services.case_assign(
            case=self.case, investigators=[self.investigator], actor=self.coordinator
        )

    def phone(self):
        return self.case.selectors.get(kind="phone")

    def test_it_finds_the_crawled_ad_with_the_reported_phone_number(self):
        sightings = seen_elsewhere(self.phone(), user=self.investigator)
        ads = [s for s in sightings if s.where == "ad"]
        self.assertEqual([s.url for s in ads], [reverse("ads:detail", args=[self.ad.pk])])
        self.assertEqual(ads[0].city, "Utrecht")

    def test_it_shows_the_ad_on_the_case_page(self):
        self.login(self.investigator)
        r = self.client.get(self.case.get_absolute_url())
        self.assertContains(r, "+31612345678")
        self.assertContains(r, reverse("ads:detail", args=[self.ad.pk]))

    def test_it_finds_other_cases_and_reports_with_the_same_phone(self):
        from tests.intake.helpers import submit

        other = case_from_report(
            self.coordinator, what_happened="Nummer: 0612345678", where_online=""
        )
        report = submit(what_happened="Ook hier +31 6 12345678", where_online="").report
        wheres = {(s.where, s.label) for s in seen_elsewhere(self.phone(), user=self.coordinator)}
        self.assertIn(("case", other.number), wheres)
        self.assertIn(("report", report.reference), wheres)

    def test_it_forgets_selectors_an_ad_no_longer_has(self):
        make_ad(
            title="Nieuw in Utrecht", text="Nu bereikbaar via 06-87654321."
        )  # same key: new version
        sightings = seen_elsewhere(self.phone(), user=self.investigator)
        self.assertEqual([s for s in sightings if s.where == "ad"], [])

    def test_it_hides_other_cases_the_user_cannot_open(self):
        other = case_from_report(
            self.coordinator, what_happened="Nummer: 0612345678", where_online=""
        )
        labels = [
            s.label
            for s in seen_elsewhere(self.phone(), user=self.investigator)
            if s.where == "case"
        ]
        self.assertEqual(labels, [f"{other.number} (geen toegang)"])
