from django.core.exceptions import PermissionDenied, ValidationError

from signaal.audit.models import AuditEvent
from signaal.cases import services
from signaal.cases.models import Case, CustodyEvent
from signaal.intake.models import Report
from signaal.vault import blobs
from tests.base import SignaalTestCase
from tests.cases.helpers import case_from_report
from tests.intake.helpers import PNG, png_file, submit


class CaseOpenTests(SignaalTestCase):
    def test_it_opens_a_case_and_links_the_report(self):
        report = submit().report
        case = services.case_open(report=report, title="Netwerk Utrecht", actor=self.coordinator)
        self.assertEqual(list(case.reports.all()), [report])
        self.assertEqual(Report.objects.get(pk=report.pk).status, Report.Status.CASE_OPENED)
        self.assertRegex(case.number, r"^WN-\d{4}-0001$")

    def test_it_numbers_cases_in_sequence(self):
        first = case_from_report(self.coordinator)
        second = case_from_report(self.coordinator)
        self.assertEqual(int(second.number[-4:]), int(first.number[-4:]) + 1)

    def test_it_turns_attachments_into_exhibits_with_custody(self):
        case = case_from_report(self.coordinator, files=[png_file()])
        item = case.evidence.get()
        self.assertEqual(item.exhibit_number, f"{case.number}-E01")
        self.assertEqual(blobs.read_bytes(item.blob), PNG)
        self.assertEqual(item.custody.get().action, CustodyEvent.Action.ACQUIRED)

    def test_it_copies_the_report_selectors(self):
        case = case_from_report(
            self.coordinator, what_happened="Hij appt vanaf 06-12345678", where_online=""
        )
        self.assertEqual([s.value for s in case.selectors.all()], ["+31612345678"])

    def test_it_makes_an_urgent_report_an_urgent_case(self):
        case = case_from_report(self.coordinator, danger_now=True)
        self.assertEqual(case.priority, Case.Priority.URGENT)

    def test_it_refuses_an_admin(self):
        with self.assertRaises(PermissionDenied):
            case_from_report(self.admin_user)

    def test_it_refuses_a_second_case_for_the_same_report(self):
        report = submit().report
        services.case_open(report=report, title="Eerste", actor=self.coordinator)
        with self.assertRaisesMessage(ValidationError, "al een zaak"):
            services.case_open(report=report, title="Tweede", actor=self.coordinator)

    def test_it_refuses_an_empty_title_and_saves_nothing(self):
        report = submit().report
        with self.assertRaises(ValidationError):
            services.case_open(report=report, title="  ", actor=self.coordinator)
        self.assertEqual(Case.objects.count(), 0)
        self.assertEqual(Report.objects.get(pk=report.pk).status, Report.Status.NEW)

    def test_it_writes_the_open_event_on_the_case_timeline(self):
        case = case_from_report(self.coordinator)
        actions = list(
            AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).values_list(
                "action", flat=True
            )
        )
        self.assertEqual(actions[0], "case.open")
        self.assertIn("evidence.acquired", actions)


class CaseWorkflowTests(SignaalTestCase):
    def setUp(self):
        self.case = case_from_report(self.coordinator)
        services.case_assign(
            case=self.case, investigators=[self.investigator], actor=self.coordinator
        )

    def test_it_moves_through_the_workflow(self):
        services.case_set_status(case=self.case, status="investigating", actor=self.investigator)
        case = services.case_set_status(case=self.case, status="ready", actor=self.investigator)
        self.assertEqual(case.status, Case.Status.READY)

    def test_it_refuses_an_invalid_transition_with_the_reason(self):
        with self.assertRaisesMessage(ValidationError, "kan niet naar"):
            services.case_set_status(case=self.case, status="ready", actor=self.investigator)

    def test_it_refuses_handing_over_without_the_handover_steps(self):
        with self.assertRaisesMessage(ValidationError, "Overdracht vastleggen"):
            services.case_set_status(case=self.case, status="handed_over", actor=self.coordinator)

    def test_it_needs_a_reason_to_close(self):
        with self.assertRaisesMessage(ValidationError, "reden"):
            services.case_set_status(case=self.case, status="closed", actor=self.investigator)
        case = services.case_set_status(
            case=self.case, status="closed", closing_reason="insufficient", actor=self.investigator
        )
        self.assertIsNotNone(case.closed_at)

    def test_it_refuses_an_investigator_who_cannot_see_the_case(self):
        from tests.base import make_staff

        stranger = make_staff("investigator").user
        with self.assertRaises(PermissionDenied):
            services.case_note_add(case=self.case, body="x", actor=stranger)

    def test_it_refuses_an_empty_note(self):
        with self.assertRaises(ValidationError):
            services.case_note_add(case=self.case, body=" ", actor=self.investigator)

    def test_it_keeps_notes_encrypted(self):
        from django.db import connection

        note = services.case_note_add(
            case=self.case, body="Geheime notitie", actor=self.investigator
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT body FROM cases_casenote WHERE id = %s", [note.pk])
            self.assertNotIn("Geheime", cursor.fetchone()[0])

    def test_it_adds_a_task_for_someone_who_can_work_cases(self):
        task = services.case_task_add(
            case=self.case,
            title="Profiel vastleggen",
            assignee=self.investigator,
            actor=self.investigator,
        )
        services.case_task_set_status(task=task, status="done", actor=self.investigator)
        with self.assertRaises(ValidationError):
            services.case_task_add(
                case=self.case, title="x", assignee=self.intake_user, actor=self.investigator
            )

    def test_it_normalises_a_typed_selector(self):
        selector = services.case_selector_add(
            case=self.case, kind="phone", raw_value="06 - 87654321", actor=self.investigator
        )
        self.assertEqual(selector.value, "+31687654321")
        with self.assertRaises(ValidationError):
            services.case_selector_add(
                case=self.case, kind="phone", raw_value="geen nummer", actor=self.investigator
            )

    def test_it_records_each_view_of_an_exhibit(self):
        item = self.case.evidence.get()
        services.evidence_open(item=item, actor=self.investigator)
        self.assertTrue(item.custody.filter(action="viewed").exists())

    def test_it_stores_an_upload_unchanged(self):
        data = b"%PDF-1.7 synthetisch"
        item = services.evidence_add_upload(
            case=self.case,
            filename="verslag.pdf",
            data=data,
            content_type="application/pdf",
            description="Verslag",
            source="Aangeleverd door school",
            actor=self.investigator,
        )
        self.assertEqual(item.exhibit_number, f"{self.case.number}-E02")
        self.assertEqual(blobs.read_bytes(item.blob), data)

    def test_it_refuses_an_upload_without_a_source(self):
        with self.assertRaises(ValidationError):
            services.evidence_add_upload(
                case=self.case,
                filename="a.pdf",
                data=b"x",
                content_type="application/pdf",
                description="",
                source=" ",
                actor=self.investigator,
            )
