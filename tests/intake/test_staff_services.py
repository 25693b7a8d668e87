from django.core.exceptions import PermissionDenied, ValidationError

from signaal.audit.models import AuditEvent
from signaal.intake import services, services_staff
from signaal.intake.models import Label, Report, ReportMessage, ReportNote
from tests.base import SignaalTestCase, make_staff
from tests.intake.helpers import PNG, png_file, submit, token

S = Report.Status


def actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


class StaffServiceCase(SignaalTestCase):
    def setUp(self):
        self.report = submit().report
        self.before = AuditEvent.objects.count()

    def new_actions(self):
        return actions()[self.before :]

    def fresh(self) -> Report:
        return Report.objects.get(pk=self.report.pk)

    def screening(self):
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.intake_user
        )
        self.before = AuditEvent.objects.count()


class RefusalTests(StaffServiceCase):
    """Every staff service refuses investigators and administrators."""

    def calls(self):
        attachment = submit(files=[png_file()]).report.attachments.get()
        closed = submit().report
        services_staff.report_set_status(report=closed, status=S.SCREENING, actor=self.coordinator)
        services_staff.report_set_status(
            report=closed, status=S.CLOSED, reason="test", actor=self.coordinator
        )
        r = self.report
        return {
            "report_open": lambda a: services_staff.report_open(report=r, actor=a),
            "report_set_status": lambda a: services_staff.report_set_status(
                report=r, status=S.SCREENING, actor=a
            ),
            "report_assign": lambda a: services_staff.report_assign(report=r, assignee=a, actor=a),
            "report_label_add": lambda a: services_staff.report_label_add(
                report=r, label_name="x", actor=a
            ),
            "report_label_remove": lambda a: services_staff.report_label_remove(
                report=r, label_name="x", actor=a
            ),
            "report_note_add": lambda a: services_staff.report_note_add(
                report=r, body="x", actor=a
            ),
            "report_reply": lambda a: services_staff.report_reply(report=r, body="x", actor=a),
            "report_feedback_given": lambda a: services_staff.report_feedback_given(
                report=r, actor=a
            ),
            "attachment_open": lambda a: services_staff.attachment_open(
                attachment=attachment, actor=a
            ),
            "report_legal_hold_set": lambda a: services_staff.report_legal_hold_set(
                report=r, hold=True, actor=a
            ),
            "report_shred": lambda a: services_staff.report_shred(report=closed, actor=a),
            "report_enter": lambda a: services_staff.report_enter(
                submission_token=token(),
                source="phone",
                reporter_role="other",
                what_happened="telefonisch gemeld",
                actor=a,
            ),
        }

    def test_it_refuses_investigators_and_admins_everything_and_changes_nothing(self):
        calls = self.calls()
        reports = Report.objects.count()
        before = AuditEvent.objects.count()
        for name, call in calls.items():
            for user in (self.investigator, self.admin_user):
                with (
                    self.subTest(service=name, role=user.role),
                    self.assertRaises(PermissionDenied),
                ):
                    call(user)
        self.assertEqual(AuditEvent.objects.count(), before)
        self.assertEqual(Report.objects.count(), reports)

    def test_it_keeps_legal_hold_and_early_shredding_for_coordinators(self):
        calls = self.calls()
        for name in ("report_legal_hold_set", "report_shred"):
            with self.subTest(service=name), self.assertRaises(PermissionDenied):
                calls[name](self.intake_user)


class OpenTests(StaffServiceCase):
    def test_it_writes_a_report_open_event_naming_the_reader(self):
        services_staff.report_open(report=self.report, actor=self.intake_user)
        event = AuditEvent.objects.order_by("-seq").first()
        self.assertEqual(self.new_actions(), ["report.open"])
        self.assertEqual(event.actor, self.intake_user)
        self.assertEqual(event.object_id, str(self.report.pk))

    def test_it_marks_the_reporters_messages_read(self):
        message = services.reporter_message_add(report=self.report, body="aanvulling")
        services_staff.report_open(report=self.report, actor=self.intake_user)
        message.refresh_from_db()
        self.assertIsNotNone(message.read_by_staff_at)

    def test_it_gives_back_the_attachment_bytes_and_writes_one_event(self):
        attachment = submit(files=[png_file()]).report.attachments.get()
        self.before = AuditEvent.objects.count()
        data = services_staff.attachment_open(attachment=attachment, actor=self.coordinator)
        self.assertEqual(data, PNG)
        self.assertEqual(self.new_actions(), ["report.attachment_open"])
        event = AuditEvent.objects.order_by("-seq").first()
        self.assertEqual(event.details["attachment"], attachment.pk)

    def test_it_keeps_reporter_content_out_of_the_audit_details(self):
        services_staff.report_note_add(
            report=self.report, body="geheime notitie", actor=self.coordinator
        )
        services_staff.report_reply(
            report=self.report, body="geheim antwoord", actor=self.coordinator
        )
        details = " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))
        self.assertNotIn("geheim", details)
        self.assertNotIn("nichtje", details)


class StatusTests(StaffServiceCase):
    def test_it_moves_a_new_report_to_screening(self):
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.intake_user
        )
        self.assertEqual(self.fresh().status, S.SCREENING)
        self.assertEqual(self.report.status, S.SCREENING)

    def test_it_writes_exactly_one_status_event_with_from_and_to(self):
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.intake_user
        )
        self.assertEqual(self.new_actions(), ["report.status"])
        event = AuditEvent.objects.order_by("-seq").first()
        self.assertEqual((event.details["from"], event.details["to"]), ("new", "screening"))

    def test_it_refuses_to_close_a_report_nobody_screened_and_says_why(self):
        with self.assertRaisesMessage(ValidationError, "Neem de melding eerst in screening"):
            services_staff.report_set_status(
                report=self.report, status=S.CLOSED, reason="spam", actor=self.intake_user
            )
        self.assertEqual(self.fresh().status, S.NEW)
        self.assertEqual(self.new_actions(), [])

    def test_it_refuses_the_status_a_report_already_has(self):
        with self.assertRaisesMessage(ValidationError, "heeft al de status"):
            services_staff.report_set_status(
                report=self.report, status=S.NEW, actor=self.intake_user
            )

    def test_it_refuses_an_unknown_status(self):
        with self.assertRaisesMessage(ValidationError, "Onbekende status"):
            services_staff.report_set_status(
                report=self.report, status="gone", actor=self.intake_user
            )

    def test_it_refuses_to_leave_case_opened(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report, status=S.CASE_OPENED, actor=self.intake_user
        )
        with self.assertRaisesMessage(ValidationError, "zaak geopend"):
            services_staff.report_set_status(
                report=self.report, status=S.SCREENING, actor=self.intake_user
            )

    def test_it_sets_closed_at_and_feedback_when_closing(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report,
            status=S.CLOSED,
            reason="Geen strafbare feiten",
            actor=self.intake_user,
        )
        report = self.fresh()
        self.assertEqual(report.status, S.CLOSED)
        self.assertIsNotNone(report.closed_at)
        self.assertEqual(report.feedback_at, report.closed_at)

    def test_it_keeps_the_closing_reason_as_an_internal_note(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report,
            status=S.CLOSED,
            reason="Geen strafbare feiten",
            actor=self.intake_user,
        )
        self.assertIn("Geen strafbare feiten", ReportNote.objects.get(report=self.report).body)
        self.assertFalse(
            ReportMessage.objects.filter(direction=ReportMessage.Direction.TO_REPORTER).exists()
        )

    def test_it_wants_a_reason_to_close_without_action(self):
        self.screening()
        with self.assertRaisesMessage(ValidationError, "Geef een reden"):
            services_staff.report_set_status(
                report=self.report, status=S.CLOSED, reason="  ", actor=self.intake_user
            )
        self.assertEqual(self.fresh().status, S.SCREENING)

    def test_it_sets_closed_at_when_referring(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report, status=S.REFERRED, actor=self.intake_user
        )
        self.assertIsNotNone(self.fresh().closed_at)

    def test_it_clears_closed_at_when_reopening(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report, status=S.REFERRED, actor=self.intake_user
        )
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.intake_user
        )
        self.assertIsNone(self.fresh().closed_at)

    def test_it_leaves_closed_at_empty_when_a_case_is_opened(self):
        self.screening()
        services_staff.report_set_status(
            report=self.report, status=S.CASE_OPENED, actor=self.coordinator
        )
        self.assertIsNone(self.fresh().closed_at)

    def test_it_checks_the_stored_status_not_a_stale_copy(self):
        stale = Report.objects.get(pk=self.report.pk)  # still "new" in memory
        self.screening()  # a colleague took it meanwhile
        with self.assertRaisesMessage(ValidationError, "heeft al de status"):
            services_staff.report_set_status(
                report=stale, status=S.SCREENING, actor=self.coordinator
            )


class AssignTests(StaffServiceCase):
    def test_it_lets_a_screener_take_a_report(self):
        services_staff.report_assign(
            report=self.report, assignee=self.intake_user, actor=self.intake_user
        )
        self.assertEqual(self.fresh().assigned_to, self.intake_user)
        self.assertEqual(self.new_actions(), ["report.assign"])

    def test_it_lets_a_screener_let_go_of_their_report(self):
        services_staff.report_assign(
            report=self.report, assignee=self.intake_user, actor=self.intake_user
        )
        services_staff.report_assign(report=self.report, assignee=None, actor=self.intake_user)
        self.assertIsNone(self.fresh().assigned_to)

    def test_it_lets_a_coordinator_assign_someone_else(self):
        services_staff.report_assign(
            report=self.report, assignee=self.intake_user, actor=self.coordinator
        )
        self.assertEqual(self.fresh().assigned_to, self.intake_user)

    def test_it_refuses_an_intake_user_handing_a_report_to_someone_else(self):
        colleague = make_staff("intake").user
        with self.assertRaises(PermissionDenied):
            services_staff.report_assign(
                report=self.report, assignee=colleague, actor=self.intake_user
            )
        self.assertIsNone(self.fresh().assigned_to)

    def test_it_refuses_an_assignee_who_does_not_screen_reports(self):
        with self.assertRaisesMessage(ValidationError, "kan geen meldingen screenen"):
            services_staff.report_assign(
                report=self.report, assignee=self.investigator, actor=self.coordinator
            )
        self.assertIsNone(self.fresh().assigned_to)
        self.assertEqual(self.new_actions(), [])

    def test_it_refuses_an_inactive_assignee(self):
        colleague = make_staff("intake").user
        colleague.is_active = False
        colleague.save()
        with self.assertRaises(ValidationError):
            services_staff.report_assign(
                report=self.report, assignee=colleague, actor=self.coordinator
            )


class LabelTests(StaffServiceCase):
    def test_it_creates_an_unknown_label_and_puts_it_on_the_report(self):
        services_staff.report_label_add(
            report=self.report, label_name="  loverboy ", actor=self.intake_user
        )
        self.assertEqual(list(self.report.labels.values_list("name", flat=True)), ["loverboy"])
        self.assertEqual(self.new_actions(), ["report.label_add"])

    def test_it_reuses_a_label_whatever_its_case(self):
        services_staff.report_label_add(
            report=self.report, label_name="Loverboy", actor=self.intake_user
        )
        other = submit().report
        services_staff.report_label_add(report=other, label_name="loverboy", actor=self.intake_user)
        self.assertEqual(Label.objects.count(), 1)

    def test_it_refuses_a_label_the_report_already_has(self):
        services_staff.report_label_add(report=self.report, label_name="x", actor=self.intake_user)
        with self.assertRaisesMessage(ValidationError, "heeft het label"):
            services_staff.report_label_add(
                report=self.report, label_name="X", actor=self.intake_user
            )

    def test_it_refuses_an_empty_label_name(self):
        with self.assertRaisesMessage(ValidationError, "Geef het label een naam"):
            services_staff.report_label_add(
                report=self.report, label_name="   ", actor=self.intake_user
            )
        self.assertEqual(Label.objects.count(), 0)

    def test_it_refuses_a_label_name_that_is_too_long(self):
        with self.assertRaisesMessage(ValidationError, "hooguit 60 tekens"):
            services_staff.report_label_add(
                report=self.report, label_name="x" * 61, actor=self.intake_user
            )
        self.assertEqual(Label.objects.count(), 0)
        self.assertEqual(self.new_actions(), [])

    def test_it_removes_a_label(self):
        services_staff.report_label_add(report=self.report, label_name="x", actor=self.intake_user)
        services_staff.report_label_remove(
            report=self.report, label_name="x", actor=self.intake_user
        )
        self.assertFalse(self.report.labels.exists())
        self.assertEqual(self.new_actions(), ["report.label_add", "report.label_remove"])

    def test_it_refuses_to_remove_a_label_the_report_does_not_have(self):
        with self.assertRaisesMessage(ValidationError, "heeft geen label"):
            services_staff.report_label_remove(
                report=self.report, label_name="x", actor=self.intake_user
            )


class NoteAndReplyTests(StaffServiceCase):
    def test_it_stores_an_internal_note(self):
        note = services_staff.report_note_add(
            report=self.report, body="Bel de school", actor=self.intake_user
        )
        self.assertEqual(ReportNote.objects.get(pk=note.pk).body, "Bel de school")
        self.assertEqual(self.new_actions(), ["report.note_add"])

    def test_it_refuses_an_empty_note(self):
        with self.assertRaisesMessage(ValidationError, "is leeg"):
            services_staff.report_note_add(report=self.report, body=" \n ", actor=self.intake_user)
        self.assertFalse(ReportNote.objects.exists())
        self.assertEqual(self.new_actions(), [])

    def test_it_refuses_an_overlong_reply(self):
        with self.assertRaisesMessage(ValidationError, "te lang"):
            services_staff.report_reply(
                report=self.report, body="x" * (services.MAX_TEXT + 1), actor=self.intake_user
            )
        self.assertFalse(self.report.messages.exists())

    def test_it_stores_a_reply_to_the_reporter_by_the_staff_member(self):
        message = services_staff.report_reply(
            report=self.report, body="Dank je", actor=self.intake_user
        )
        message.refresh_from_db()
        self.assertEqual(message.direction, ReportMessage.Direction.TO_REPORTER)
        self.assertEqual(message.author, self.intake_user)
        self.assertEqual(self.new_actions(), ["report.reply"])

    def test_it_acknowledges_the_report_with_the_first_reply_only(self):
        first = services_staff.report_reply(
            report=self.report, body="Dank je", actor=self.intake_user
        )
        services_staff.report_reply(report=self.report, body="Nog iets", actor=self.intake_user)
        self.assertEqual(self.fresh().acknowledged_at, first.created_at)

    def test_it_refuses_an_empty_reply(self):
        with self.assertRaises(ValidationError):
            services_staff.report_reply(report=self.report, body="", actor=self.intake_user)
        self.assertIsNone(self.fresh().acknowledged_at)

    def test_it_shows_replies_but_never_notes_to_the_reporter(self):
        submission = submit()
        services_staff.report_note_add(
            report=submission.report, body="intern", actor=self.intake_user
        )
        services_staff.report_reply(
            report=submission.report, body="openbaar", actor=self.intake_user
        )
        seen = services.report_for_receipt(submission.receipt_code)
        self.assertEqual([m.body for m in seen.messages.all()], ["openbaar"])

    def test_it_records_feedback_once(self):
        services_staff.report_feedback_given(report=self.report, actor=self.intake_user)
        self.assertIsNotNone(self.fresh().feedback_at)
        with self.assertRaisesMessage(ValidationError, "al vastgelegd"):
            services_staff.report_feedback_given(report=self.report, actor=self.intake_user)
        self.assertEqual(self.new_actions(), ["report.feedback"])


class LegalHoldTests(StaffServiceCase):
    def test_it_puts_a_report_under_legal_hold(self):
        services_staff.report_legal_hold_set(report=self.report, hold=True, actor=self.coordinator)
        self.assertTrue(self.fresh().legal_hold)
        self.assertEqual(self.new_actions(), ["report.legal_hold"])

    def test_it_lifts_a_legal_hold(self):
        services_staff.report_legal_hold_set(report=self.report, hold=True, actor=self.coordinator)
        services_staff.report_legal_hold_set(report=self.report, hold=False, actor=self.coordinator)
        self.assertFalse(self.fresh().legal_hold)

    def test_it_refuses_a_hold_that_is_already_set(self):
        services_staff.report_legal_hold_set(report=self.report, hold=True, actor=self.coordinator)
        with self.assertRaisesMessage(ValidationError, "al onder"):
            services_staff.report_legal_hold_set(
                report=self.report, hold=True, actor=self.coordinator
            )


class EnterTests(SignaalTestCase):
    def enter(self, **overrides):
        fields = {
            "submission_token": token(),
            "source": Report.Source.PHONE,
            "reporter_role": "close",
            "what_happened": "Beller vertelt over berichten aan haar dochter via 06-12345678.",
            "actor": self.intake_user,
        }
        fields.update(overrides)
        return services_staff.report_enter(**fields)

    def test_it_puts_a_phoned_in_report_in_the_one_queue_with_its_source(self):
        submission = self.enter()
        report = Report.objects.get(pk=submission.report.pk)
        self.assertEqual(report.source, Report.Source.PHONE)
        self.assertEqual(report.entered_by, self.intake_user)
        self.assertEqual(report.status, S.NEW)

    def test_it_gives_a_receipt_code_that_works_for_the_reporter(self):
        submission = self.enter()
        self.assertEqual(services.report_for_receipt(submission.receipt_code), submission.report)

    def test_it_records_the_submission_with_the_staff_member_as_actor(self):
        self.enter()
        event = AuditEvent.objects.get(action="report.submit")
        self.assertEqual(event.actor, self.intake_user)
        self.assertEqual(event.details["source"], "phone")

    def test_it_records_an_acknowledgement_given_on_the_phone(self):
        report = self.enter(acknowledged=True).report
        self.assertIsNotNone(Report.objects.get(pk=report.pk).acknowledged_at)
        self.assertEqual(AuditEvent.objects.filter(action="report.acknowledge").count(), 1)

    def test_it_refuses_the_web_form_as_a_source(self):
        with self.assertRaises(ValidationError):
            self.enter(source=Report.Source.WEB)
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_an_empty_story(self):
        with self.assertRaises(ValidationError):
            self.enter(what_happened="  ")
        self.assertEqual(Report.objects.count(), 0)
