from signaal import demo
from signaal.intake.demo import REPORTS, populate_reports
from signaal.intake.models import Report, ReportMessage, ReportNote
from tests.base import SignaalTestCase

S = Report.Status


class DemoReportsTests(SignaalTestCase):
    def test_it_is_registered_as_a_demo_populator(self):
        self.assertIn(populate_reports, demo.POPULATORS)

    def test_it_adds_reports_with_mixed_urgency_and_status(self):
        summary = populate_reports(self.coordinator)
        self.assertEqual(Report.objects.count(), len(REPORTS))
        self.assertTrue(Report.objects.filter(danger_now=True).exists())
        self.assertTrue(Report.objects.filter(danger_now=False, possible_minor=False).exists())
        statuses = set(Report.objects.values_list("status", flat=True))
        self.assertTrue({S.NEW, S.SCREENING, S.CLOSED, S.REFERRED} <= statuses)
        self.assertEqual(len(summary.splitlines()), 1)

    def test_it_includes_a_staff_reply_an_internal_note_and_labels(self):
        populate_reports(self.coordinator)
        self.assertTrue(
            ReportMessage.objects.filter(direction=ReportMessage.Direction.TO_REPORTER).exists()
        )
        self.assertTrue(ReportNote.objects.exists())
        self.assertTrue(Report.objects.filter(labels__isnull=False).exists())

    def test_it_uses_only_fictional_numbers_and_reserved_domains(self):
        for spec in REPORTS:
            text = " ".join(str(v) for v in spec.values())
            for found in ("http://", "https://"):
                for part in text.split(found)[1:]:
                    host = part.split("/")[0]
                    self.assertTrue(host.endswith((".invalid", "example.org")), host)
