from django.core.exceptions import ValidationError

from signaal.audit.models import AuditEvent
from signaal.intake import receipts, services
from signaal.intake.models import Report, ReportSelector
from signaal.vault import blobs
from tests.base import SignaalTestCase
from tests.intake.helpers import PNG, png_file, submit, token


class ReportSubmitTests(SignaalTestCase):
    def test_it_stores_the_report_and_gives_a_sixteen_digit_code(self):
        submission = submit()
        self.assertTrue(submission.created)
        self.assertRegex(submission.receipt_code, r"^\d{4} \d{4} \d{4} \d{4}$")
        report = Report.objects.get(pk=submission.report.pk)
        self.assertIn("onbekende man", report.what_happened)
        self.assertRegex(report.reference, r"^M\d{4}-\d{5}$")

    def test_it_keeps_only_a_hash_of_the_code(self):
        submission = submit()
        report = Report.objects.get(pk=submission.report.pk)
        digits = submission.receipt_code.replace(" ", "")
        self.assertTrue(report.receipt_hash.startswith("$argon2"))
        self.assertNotIn(digits, report.receipt_hash + (report.receipt_lookup or ""))

    def test_it_finds_the_report_by_its_code_typed_with_spaces_or_dashes(self):
        submission = submit()
        typed = submission.receipt_code.replace(" ", "-")
        self.assertEqual(services.report_for_receipt(typed), submission.report)

    def test_it_finds_nothing_for_a_wrong_code(self):
        submission = submit()
        digits = submission.receipt_code.replace(" ", "")
        wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
        self.assertIsNone(services.report_for_receipt(wrong))
        self.assertIsNone(services.report_for_receipt("not a code"))
        self.assertIsNone(services.report_for_receipt(""))

    def test_it_creates_one_report_for_a_double_submit(self):
        same = token()
        first = submit(submission_token=same)
        second = submit(submission_token=same)
        self.assertFalse(second.created)
        self.assertEqual(first.report.pk, second.report.pk)
        self.assertEqual(first.receipt_code, second.receipt_code)
        self.assertEqual(Report.objects.count(), 1)

    def test_it_refuses_an_empty_story(self):
        with self.assertRaises(ValidationError):
            submit(what_happened="   ")
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_an_oversized_story(self):
        with self.assertRaises(ValidationError):
            submit(what_happened="x" * (services.MAX_TEXT + 1))
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_a_missing_submission_token(self):
        with self.assertRaises(ValidationError):
            submit(submission_token="")

    def test_it_stores_attachments_encrypted(self):
        submission = submit(files=[png_file()])
        attachment = submission.report.attachments.get()
        self.assertEqual(attachment.content_type, "image/png")
        self.assertEqual(blobs.read_bytes(attachment.blob), PNG)

    def test_it_extracts_selectors_from_the_story(self):
        submission = submit(
            what_happened="Hij belt met 06-12345678 en heet snap: lisa_x", where_online=""
        )
        kinds = set(
            ReportSelector.objects.filter(report=submission.report).values_list("kind", flat=True)
        )
        self.assertEqual(kinds, {"phone", "handle"})
        values = {s.value for s in submission.report.selectors.all()}
        self.assertIn("+31612345678", values)

    def test_it_puts_danger_and_minors_in_the_urgent_queue(self):
        self.assertTrue(submit(danger_now=True).report.is_urgent)
        self.assertTrue(submit(about_minor=True).report.is_urgent)
        self.assertFalse(submit().report.is_urgent)

    def test_it_writes_an_audit_event_without_content(self):
        submission = submit()
        event = AuditEvent.objects.get(action="report.submit")
        self.assertEqual(event.object_id, str(submission.report.pk))
        self.assertEqual(event.actor_label, "system")
        self.assertNotIn("onbekende", str(event.details))

    def test_it_saves_nothing_when_the_database_fails_midway(self):
        from unittest import mock

        failing = mock.patch.object(services.audit, "record", side_effect=RuntimeError("disk full"))
        with failing, self.assertRaises(RuntimeError):
            submit(files=[png_file()])
        self.assertEqual(Report.objects.count(), 0)
        from signaal.intake.models import Attachment

        self.assertEqual(Attachment.objects.count(), 0)

    def test_it_derives_the_same_code_from_the_same_token_only(self):
        t = token()
        self.assertEqual(receipts.code_for_submission(t), receipts.code_for_submission(t))
        self.assertNotEqual(receipts.code_for_submission(t), receipts.code_for_submission(token()))


class ReporterMessageTests(SignaalTestCase):
    def test_it_adds_a_message_with_a_file(self):
        report = submit().report
        message = services.reporter_message_add(
            report=report, body="Er is nog iets", files=[png_file()]
        )
        self.assertEqual(message.body, "Er is nog iets")
        self.assertEqual(report.attachments.filter(message=message).count(), 1)

    def test_it_refuses_an_empty_message(self):
        report = submit().report
        with self.assertRaises(ValidationError):
            services.reporter_message_add(report=report, body="  ")
