from django.urls import reverse

from signaal.audit.models import AuditEvent
from signaal.cases import services
from signaal.cases.models import Case
from tests.base import SignaalTestCase, make_staff
from tests.cases.helpers import case_from_report, ready_case
from tests.intake.helpers import png_file, submit


class CaseViewTests(SignaalTestCase):
    def setUp(self):
        self.case = case_from_report(self.coordinator)
        services.case_assign(
            case=self.case, investigators=[self.investigator], actor=self.coordinator
        )

    def test_it_opens_a_case_from_a_report_page(self):
        report = submit().report
        self.login(self.intake_user)
        r = self.client.post(
            reverse("cases:open_from_report", args=[report.pk]),
            {"title": "Loverboy Zwolle", "summary": "", "priority": "3"},
        )
        self.assertRedirects(
            r, reverse("reports:detail", args=[report.pk]), fetch_redirect_response=False
        )
        self.assertTrue(Case.objects.filter(title="Loverboy Zwolle").exists())

    def test_it_shows_form_errors_when_opening_without_a_title(self):
        report = submit().report
        self.login(self.coordinator)
        r = self.client.post(reverse("cases:open_from_report", args=[report.pk]), {"title": ""})
        self.assertContains(r, "errorlist")

    def test_it_records_every_view_of_a_case(self):
        self.login(self.investigator)
        self.client.get(self.case.get_absolute_url())
        self.client.get(self.case.get_absolute_url())
        self.assertEqual(AuditEvent.objects.filter(action="case.view").count(), 2)

    def test_it_answers_404_for_a_case_the_investigator_cannot_see(self):
        stranger = make_staff("investigator").user
        self.login(stranger)
        self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("cases:detail", args=[99999])).status_code, 404)

    def test_it_lets_a_team_member_see_the_team_case(self):
        from signaal.accounts.models import Team

        team = Team.objects.create(name="Noord")
        Case.objects.filter(pk=self.case.pk).update(team=team)
        colleague = make_staff("investigator").user
        colleague.team = team
        colleague.save()
        self.login(colleague)
        self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 200)

    def test_it_shows_an_invalid_transition_as_a_message(self):
        self.login(self.investigator)
        r = self.client.post(
            reverse("cases:status", args=[self.case.pk]), {"status": "ready"}, follow=True
        )
        self.assertContains(r, "kan niet naar")

    def test_it_warns_before_opening_an_exhibit_and_never_shows_it_inline(self):
        item = self.case.evidence.get()
        self.login(self.investigator)
        r = self.client.get(reverse("cases:evidence", args=[self.case.pk, item.pk]))
        self.assertContains(r, "schokkende")
        self.assertNotContains(r, "<img")
        self.assertFalse(item.custody.filter(action="viewed").exists())

    def test_it_shows_an_image_blurred_after_the_explicit_action(self):
        item = self.case.evidence.get()
        self.login(self.investigator)
        r = self.client.post(
            reverse("cases:evidence", args=[self.case.pk, item.pk]), {"as": "blurred"}
        )
        self.assertContains(r, 'class="reveal"')
        self.assertContains(r, "data:image/png;base64,")
        self.assertTrue(item.custody.filter(action="viewed").exists())

    def test_it_downloads_an_exhibit_as_an_attachment(self):
        item = self.case.evidence.get()
        self.login(self.investigator)
        r = self.client.post(
            reverse("cases:evidence", args=[self.case.pk, item.pk]), {"as": "download"}
        )
        self.assertTrue(r["Content-Disposition"].startswith("attachment"))
        self.assertEqual(r["Content-Type"], "application/octet-stream")

    def test_it_adds_an_uploaded_exhibit(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.investigator)
        upload = SimpleUploadedFile("scherm.png", png_file().data, content_type="image/png")
        r = self.client.post(
            reverse("cases:evidence_upload", args=[self.case.pk]),
            {
                "file": upload,
                "description": "Profiel",
                "source": "Schermafbeelding door rechercheur",
            },
            follow=True,
        )
        self.assertContains(r, "Bewijsstuk toegevoegd")
        self.assertEqual(self.case.evidence.count(), 2)

    def test_it_refuses_an_upload_without_a_file(self):
        self.login(self.investigator)
        r = self.client.post(
            reverse("cases:evidence_upload", args=[self.case.pk]), {"source": "x"}, follow=True
        )
        self.assertContains(r, "Kies een bestand")

    def test_it_runs_approve_export_and_handover_through_the_pages(self):
        case = ready_case(self.investigator, self.coordinator)
        self.login(self.coordinator)
        self.client.post(reverse("cases:approve", args=[case.pk]))
        r = self.client.post(reverse("cases:export", args=[case.pk]), follow=True)
        self.assertContains(r, "Dossier gemaakt")
        export = case.exports.get()
        r = self.client.post(reverse("cases:export_download", args=[case.pk, export.pk]))
        self.assertEqual(r["Content-Type"], "application/zip")
        r = self.client.post(
            reverse("cases:handover", args=[case.pk]),
            {
                "police_unit": "Eenheid Oost-Nederland",
                "police_reference": "ON-77",
                "handed_over_on": "2026-12-01",
            },
            follow=True,
        )
        self.assertContains(r, "Overgedragen aan Eenheid Oost-Nederland")

    def test_it_refuses_approval_by_an_investigator(self):
        case = ready_case(self.investigator, self.coordinator)
        self.login(self.investigator)
        self.assertEqual(
            self.client.post(reverse("cases:approve", args=[case.pk])).status_code, 403
        )
