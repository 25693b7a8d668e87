import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from signaal.audit.models import AuditEvent
from signaal.intake import services, services_staff, tasks
from signaal.intake.models import (
    Attachment,
    Report,
    ReportMessage,
    ReportNote,
    ReportSelector,
)
from signaal.vault import blobs
from signaal.vault.models import Blob
from tests.base import SignaalTestCase
from tests.intake.helpers import png_file, submit

S = Report.Status
DAYS = 30


@override_settings(REPORT_RETENTION_DAYS=DAYS)
class RetentionTests(SignaalTestCase):
    def closed_report(self, *, status=S.CLOSED, days_ago=DAYS + 1):
        submission = submit(
            files=[png_file()],
            contact_email="melder@example.org",
            what_happened="Berichten vanaf 06-12345678 aan mijn nichtje.",
        )
        report = submission.report
        services.reporter_message_add(report=report, body="Nog een screenshot", files=[png_file()])
        services_staff.report_set_status(report=report, status=S.SCREENING, actor=self.coordinator)
        services_staff.report_reply(report=report, body="Dank je", actor=self.coordinator)
        services_staff.report_note_add(
            report=report, body="Interne notitie", actor=self.coordinator
        )
        if status != S.SCREENING:
            services_staff.report_set_status(
                report=report,
                status=status,
                reason="Geen aanknopingspunten",
                actor=self.coordinator,
            )
            Report.objects.filter(pk=report.pk).update(
                closed_at=timezone.now() - timedelta(days=days_ago)
            )
        return submission

    def shred_expired(self, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return services_staff.reports_shred_expired(**kwargs)

    def test_it_blanks_every_encrypted_field_of_an_expired_closed_report(self):
        report = self.closed_report().report
        self.shred_expired()
        tomb = Report.objects.get(pk=report.pk)
        for field in services_staff.ENCRYPTED_FIELDS:
            self.assertEqual(getattr(tomb, field), "", field)
        self.assertIsNotNone(tomb.shredded_at)

    def test_it_keeps_a_tombstone_for_the_figures(self):
        report = self.closed_report().report
        self.shred_expired()
        tomb = Report.objects.get(pk=report.pk)
        self.assertEqual(tomb.reference, report.reference)
        self.assertEqual(tomb.status, S.CLOSED)
        self.assertEqual(tomb.created_at, report.created_at)
        self.assertIsNotNone(tomb.closed_at)

    def test_it_removes_messages_notes_selectors_and_attachments(self):
        report = self.closed_report().report
        self.assertTrue(ReportSelector.objects.filter(report=report).exists())
        self.shred_expired()
        for model in (ReportMessage, ReportNote, ReportSelector, Attachment):
            self.assertFalse(model.objects.filter(report=report).exists(), model.__name__)

    def test_it_shreds_the_attachment_blobs_and_deletes_their_files(self):
        report = self.closed_report().report
        blob_ids = list(report.attachments.values_list("blob_id", flat=True))
        self.assertEqual(len(blob_ids), 2)
        self.shred_expired()
        for blob in Blob.objects.filter(pk__in=blob_ids):
            self.assertIsNotNone(blob.shredded_at)
            self.assertFalse(blobs.backend().exists(blob.id))
            with self.assertRaises(blobs.BlobError):
                blobs.read_bytes(blob)

    def test_it_stops_the_receipt_code_working(self):
        submission = self.closed_report()
        self.shred_expired()
        self.assertIsNone(services.report_for_receipt(submission.receipt_code))

    def test_it_leaves_no_plaintext_in_the_report_row(self):
        report = self.closed_report().report
        self.shred_expired()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT receipt_lookup, receipt_hash, submission_digest FROM intake_report WHERE id = %s",
                [report.pk],
            )
            lookup, receipt_hash, digest = cursor.fetchone()
        self.assertEqual(receipt_hash, "")
        self.assertTrue(lookup.startswith("shredded:"))
        self.assertTrue(digest.startswith("shredded:"))

    def test_it_shreds_referred_reports_too(self):
        report = self.closed_report(status=S.REFERRED).report
        run = self.shred_expired()
        self.assertEqual(run.shredded, 1)
        self.assertIsNotNone(Report.objects.get(pk=report.pk).shredded_at)

    def test_it_writes_one_shred_event_per_report_without_content(self):
        report = self.closed_report().report
        self.shred_expired()
        event = AuditEvent.objects.get(action="report.shred")
        self.assertEqual(event.object_id, str(report.pk))
        self.assertEqual(event.actor_label, "system")
        self.assertEqual(event.details["attachments"], 2)
        self.assertNotIn("nichtje", str(event.details))

    def test_it_keeps_a_report_under_legal_hold(self):
        submission = self.closed_report()
        services_staff.report_legal_hold_set(
            report=submission.report, hold=True, actor=self.coordinator
        )
        run = self.shred_expired()
        self.assertEqual((run.shredded, run.held), (0, 1))
        self.assertIsNone(Report.objects.get(pk=submission.report.pk).shredded_at)
        self.assertEqual(services.report_for_receipt(submission.receipt_code), submission.report)

    def test_it_keeps_an_open_report(self):
        report = self.closed_report(status=S.SCREENING).report
        Report.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - timedelta(days=DAYS * 10)
        )
        self.assertEqual(self.shred_expired().shredded, 0)
        self.assertIn("nichtje", Report.objects.get(pk=report.pk).what_happened)

    def test_it_keeps_a_report_with_a_case(self):
        report = self.closed_report(status=S.CASE_OPENED).report
        Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=999))
        self.assertEqual(self.shred_expired().shredded, 0)

    def test_it_keeps_a_report_closed_within_the_period(self):
        report = self.closed_report(days_ago=DAYS - 1).report
        self.assertEqual(self.shred_expired().shredded, 0)
        self.assertIsNone(Report.objects.get(pk=report.pk).shredded_at)

    def test_it_counts_without_shredding_on_a_dry_run(self):
        report = self.closed_report().report
        run = self.shred_expired(dry_run=True)
        self.assertEqual((run.due, run.shredded), (1, 0))
        self.assertIsNone(Report.objects.get(pk=report.pk).shredded_at)

    def test_it_refuses_to_shred_a_report_under_legal_hold_by_hand(self):
        report = self.closed_report().report
        services_staff.report_legal_hold_set(report=report, hold=True, actor=self.coordinator)
        with self.assertRaisesMessage(ValidationError, "bewaarplicht"):
            services_staff.report_shred(report=report, actor=self.coordinator)

    def test_it_refuses_to_shred_an_open_report_by_hand(self):
        report = self.closed_report(status=S.SCREENING).report
        with self.assertRaisesMessage(ValidationError, "Alleen gesloten"):
            services_staff.report_shred(report=report, actor=self.coordinator)

    def test_it_refuses_any_change_to_a_shredded_report(self):
        report = self.closed_report().report
        self.shred_expired()
        with self.assertRaisesMessage(ValidationError, "vernietigd"):
            services_staff.report_set_status(
                report=report, status=S.SCREENING, actor=self.coordinator
            )
        with self.assertRaises(ValidationError):
            services_staff.report_legal_hold_set(report=report, hold=True, actor=self.coordinator)

    def test_it_records_legal_hold_changes_in_the_audit_log(self):
        report = self.closed_report().report
        services_staff.report_legal_hold_set(report=report, hold=True, actor=self.coordinator)
        services_staff.report_legal_hold_set(report=report, hold=False, actor=self.coordinator)
        holds = AuditEvent.objects.filter(action="report.legal_hold").order_by("seq")
        self.assertEqual([e.details["hold"] for e in holds], [True, False])

    def test_it_runs_from_the_nightly_task(self):
        report = self.closed_report().report
        with self.captureOnCommitCallbacks(execute=True):
            result = tasks.reports_shred_expired_task.call_local()
        self.assertEqual(result["shredded"], 1)
        self.assertIsNotNone(Report.objects.get(pk=report.pk).shredded_at)

    def test_it_schedules_the_task_at_a_quarter_past_three(self):
        from datetime import datetime

        validate = tasks.reports_shred_expired_task.task_class().validate_datetime
        self.assertTrue(validate(datetime(2026, 12, 1, 3, 15)))
        self.assertFalse(validate(datetime(2026, 12, 1, 4, 15)))


@override_settings(REPORT_RETENTION_DAYS=DAYS)
class ShredCommandTests(SignaalTestCase):
    def call(self, *args) -> str:
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("reports", "shred-expired", *args, stdout=out)
        return out.getvalue()

    def expired(self):
        report = submit().report
        services_staff.report_set_status(report=report, status=S.SCREENING, actor=self.coordinator)
        services_staff.report_set_status(report=report, status=S.REFERRED, actor=self.coordinator)
        Report.objects.filter(pk=report.pk).update(
            closed_at=timezone.now() - timedelta(days=DAYS + 1)
        )
        return report

    def test_it_prints_the_counts(self):
        self.expired()
        held = self.expired()
        services_staff.report_legal_hold_set(report=held, hold=True, actor=self.coordinator)
        out = self.call()
        self.assertIn("shredded 1 of 1", out)
        self.assertIn("1 kept under legal hold", out)

    def test_it_only_counts_on_a_dry_run(self):
        report = self.expired()
        out = self.call("--dry-run")
        self.assertIn("1 report(s)", out)
        self.assertIsNone(Report.objects.get(pk=report.pk).shredded_at)
