import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaal.audit.models import AuditEvent
from signaal.intake import services, services_staff
from signaal.intake.models import Report, ReportMessage, ReportNote
from signaal.intake.queries import report_queue_counts
from tests.base import SignaalTestCase, login_verified
from tests.intake.helpers import PNG, png_file, submit

S = Report.Status


def detail_url(report) -> str:
    return reverse("reports:detail", kwargs={"report_id": report.pk})


def references(response) -> list[str]:
    return re.findall(r">(M\d{4}-\d{5})</a>", response.content.decode())


class QueueTests(SignaalTestCase):
    def setUp(self):
        self.login(self.intake_user)

    def age(self, report, days):
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=days))

    def test_it_lists_urgent_reports_first_then_the_newest(self):
        old_plain = submit(what_happened="oud bericht").report
        self.age(old_plain, 3)
        old_urgent = submit(what_happened="gevaar", danger_now=True).report
        self.age(old_urgent, 5)
        new_plain = submit(what_happened="nieuw bericht").report
        minor = submit(what_happened="minderjarig", about_minor=True).report
        self.age(minor, 1)
        r = self.client.get(reverse("reports:queue"))
        expected = [minor, old_urgent, new_plain, old_plain]
        self.assertEqual(references(r), [x.reference for x in expected])

    def test_it_shows_open_reports_by_default(self):
        closed = submit().report
        services_staff.report_set_status(report=closed, status=S.SCREENING, actor=self.intake_user)
        services_staff.report_set_status(report=closed, status=S.REFERRED, actor=self.intake_user)
        open_one = submit().report
        r = self.client.get(reverse("reports:queue"))
        self.assertEqual(references(r), [open_one.reference])

    def test_it_filters_by_status(self):
        closed = submit().report
        services_staff.report_set_status(report=closed, status=S.SCREENING, actor=self.intake_user)
        services_staff.report_set_status(report=closed, status=S.REFERRED, actor=self.intake_user)
        submit()
        r = self.client.get(reverse("reports:queue"), {"status": "referred"})
        self.assertEqual(references(r), [closed.reference])

    def test_it_filters_by_label(self):
        labelled = submit().report
        services_staff.report_label_add(
            report=labelled, label_name="loverboy", actor=self.intake_user
        )
        submit()
        r = self.client.get(reverse("reports:queue"), {"label": "loverboy"})
        self.assertEqual(references(r), [labelled.reference])

    def test_it_filters_on_my_reports_and_unassigned_ones(self):
        mine = submit().report
        services_staff.report_assign(report=mine, assignee=self.intake_user, actor=self.intake_user)
        other = submit().report
        r = self.client.get(reverse("reports:queue"), {"assignee": "mine"})
        self.assertEqual(references(r), [mine.reference])
        r = self.client.get(reverse("reports:queue"), {"assignee": "unassigned"})
        self.assertEqual(references(r), [other.reference])

    def test_it_marks_an_overdue_acknowledgement(self):
        late = submit().report
        self.age(late, 8)
        r = self.client.get(reverse("reports:queue"))
        self.assertContains(r, 'class="marker overdue"')

    def test_it_marks_and_filters_reports_with_an_unread_reporter_message(self):
        closed = submit().report
        services_staff.report_set_status(report=closed, status=S.SCREENING, actor=self.intake_user)
        services_staff.report_set_status(report=closed, status=S.REFERRED, actor=self.intake_user)
        services.reporter_message_add(report=closed, body="Er is iets nieuws gebeurd")
        submit()
        r = self.client.get(reverse("reports:queue"), {"status": "all", "unread": "1"})
        self.assertEqual(references(r), [closed.reference])
        self.assertContains(r, "1 nieuw bericht")

    def test_it_clears_the_unread_marker_once_the_report_is_opened(self):
        report = submit().report
        services.reporter_message_add(report=report, body="aanvulling")
        self.client.get(detail_url(report))
        r = self.client.get(reverse("reports:queue"), {"unread": "1"})
        self.assertEqual(references(r), [])

    def test_it_says_a_wrong_filter_and_shows_the_default_queue(self):
        submit()
        r = self.client.get(reverse("reports:queue"), {"status": "nonsense"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')
        self.assertEqual(len(references(r)), 1)

    def test_it_does_not_decrypt_what_reporters_wrote_for_the_list(self):
        submit(what_happened="Een heel bijzonder verhaal")
        r = self.client.get(reverse("reports:queue"))
        self.assertNotContains(r, "bijzonder verhaal")

    def test_it_puts_meldingen_in_the_navigation_for_screeners_only(self):
        self.assertContains(self.client.get(reverse("staff:home")), reverse("reports:queue"))
        self.client.logout()
        self.login(self.investigator)
        self.assertNotContains(self.client.get(reverse("staff:home")), reverse("reports:queue"))


class HomeCountTests(SignaalTestCase):
    def counts(self, user):
        # The Meldpunt's own counts; other parts add theirs to the home page too.
        return {c.label: (c.count, c.url) for c in report_queue_counts(user)}

    def test_it_counts_new_urgent_mine_and_late_reports(self):
        submit()
        submit(danger_now=True)
        mine = submit().report
        services_staff.report_assign(report=mine, assignee=self.intake_user, actor=self.intake_user)
        late = submit().report
        Report.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=8))
        counts = self.counts(self.intake_user)
        self.assertEqual(counts["Nieuwe meldingen"][0], 4)
        self.assertEqual(counts["Urgent"][0], 1)
        self.assertEqual(counts["Aan mij toegewezen"][0], 1)
        self.assertEqual(counts["Bevestiging te laat"][0], 1)

    def test_it_links_each_count_to_the_filtered_queue(self):
        late = submit(danger_now=True).report
        Report.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=8))
        self.login(self.intake_user)
        for _count, url in self.counts(self.intake_user).values():
            with self.subTest(url=url):
                self.assertEqual(references(self.client.get(url)), [late.reference])

    def test_it_counts_reports_with_new_reporter_messages_whatever_their_status(self):
        closed = submit().report
        services_staff.report_set_status(report=closed, status=S.SCREENING, actor=self.intake_user)
        services_staff.report_set_status(report=closed, status=S.REFERRED, actor=self.intake_user)
        services.reporter_message_add(report=closed, body="een")
        services.reporter_message_add(report=closed, body="twee")
        self.assertEqual(self.counts(self.intake_user)["Nieuwe berichten van melders"][0], 1)

    def test_it_shows_no_report_counts_to_investigators(self):
        submit()
        self.assertEqual(self.counts(self.investigator), {})


class DetailTests(SignaalTestCase):
    def setUp(self):
        self.submission = submit(
            files=[png_file()],
            contact_email="melder@example.org",
            what_happened="Hij stuurt berichten vanaf 06-12345678.",
        )
        self.report = self.submission.report
        self.login(self.intake_user)

    def test_it_shows_the_decrypted_report_with_selectors_as_chips(self):
        r = self.client.get(detail_url(self.report))
        self.assertContains(r, "Hij stuurt berichten")
        self.assertContains(r, "melder@example.org")
        self.assertContains(r, '<span class="value">+31612345678</span>', html=True)

    def test_it_writes_a_report_open_event(self):
        self.client.get(detail_url(self.report))
        event = AuditEvent.objects.filter(action="report.open").get()
        self.assertEqual(event.actor, self.intake_user)
        self.assertEqual(event.object_id, str(self.report.pk))

    def test_it_is_a_404_for_a_guessed_id(self):
        r = self.client.get(reverse("reports:detail", kwargs={"report_id": self.report.pk + 999}))
        self.assertEqual(r.status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="report.open").exists())

    def test_it_is_never_cached(self):
        r = self.client.get(detail_url(self.report))
        self.assertIn("no-store", r["Cache-Control"])

    def test_it_lists_attachments_with_their_hash_but_never_inline(self):
        attachment = self.report.attachments.get()
        r = self.client.get(detail_url(self.report))
        self.assertContains(r, attachment.sha256)
        self.assertContains(r, "scherm.png")
        self.assertNotContains(r, "<img")
        self.assertNotContains(r, "<object")
        self.assertNotContains(r, "<iframe")

    def test_it_shows_the_conversation_and_notes_apart(self):
        services_staff.report_reply(
            report=self.report, body="Antwoord aan melder", actor=self.intake_user
        )
        services_staff.report_note_add(
            report=self.report, body="Alleen voor ons", actor=self.intake_user
        )
        r = self.client.get(detail_url(self.report))
        self.assertContains(r, "Antwoord aan melder")
        self.assertContains(r, "Alleen voor ons")

    def test_it_links_to_opening_a_case_once_the_report_is_in_screening(self):
        case_url = reverse("cases:open_from_report", kwargs={"report_id": self.report.pk})
        self.assertNotContains(self.client.get(detail_url(self.report)), case_url)
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.intake_user
        )
        self.assertContains(self.client.get(detail_url(self.report)), case_url)

    def test_it_shows_a_shredded_report_as_a_tombstone(self):
        services_staff.report_set_status(
            report=self.report, status=S.SCREENING, actor=self.coordinator
        )
        services_staff.report_set_status(
            report=self.report, status=S.REFERRED, actor=self.coordinator
        )
        with self.captureOnCommitCallbacks(execute=True):
            services_staff.report_shred(report=self.report, actor=self.coordinator)
        r = self.client.get(detail_url(self.report))
        self.assertContains(r, "vernietigd")
        self.assertNotContains(r, "Hij stuurt berichten")


class AttachmentTests(SignaalTestCase):
    def setUp(self):
        self.report = submit(files=[png_file()]).report
        self.attachment = self.report.attachments.get()
        self.url = reverse(
            "reports:attachment",
            kwargs={"report_id": self.report.pk, "attachment_id": self.attachment.pk},
        )
        self.login(self.intake_user)

    def test_it_shows_a_content_warning_before_anything_else(self):
        r = self.client.get(self.url)
        self.assertContains(r, "schokkende beelden")
        self.assertNotContains(r, "<img")
        self.assertFalse(AuditEvent.objects.filter(action="report.attachment_open").exists())

    def test_it_downloads_the_file_as_an_attachment_on_post(self):
        r = self.client.post(self.url)
        self.assertEqual(r.content, PNG)
        self.assertTrue(r["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(r["Content-Type"], "application/octet-stream")
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", r["Cache-Control"])

    def test_it_writes_an_audit_event_for_each_download(self):
        self.client.post(self.url)
        self.client.post(self.url)
        events = AuditEvent.objects.filter(action="report.attachment_open")
        self.assertEqual(events.count(), 2)
        self.assertEqual(events.first().details["sha256"], self.attachment.sha256)

    def test_it_is_a_404_for_an_attachment_of_another_report(self):
        other = submit().report
        url = reverse(
            "reports:attachment",
            kwargs={"report_id": other.pk, "attachment_id": self.attachment.pk},
        )
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_it_refuses_a_download_without_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        login_verified(client, self.intake_user)
        self.assertEqual(client.post(self.url).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(action="report.attachment_open").exists())

    def test_it_says_when_a_file_is_gone_instead_of_failing(self):
        from signaal.vault import blobs

        blobs.backend().delete(self.attachment.blob.id)
        r = self.client.post(self.url, follow=True)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "kan niet worden geopend")


class ActionTests(SignaalTestCase):
    def setUp(self):
        self.submission = submit()
        self.report = self.submission.report
        self.login(self.intake_user)

    def post(self, name, data=None, **kwargs):
        url = reverse(f"reports:{name}", kwargs={"report_id": self.report.pk})
        return self.client.post(url, data or {}, follow=True, **kwargs)

    def fresh(self):
        return Report.objects.get(pk=self.report.pk)

    def test_it_moves_a_report_to_screening(self):
        r = self.post("status", {"status": "screening"})
        self.assertRedirects(r, detail_url(self.report))
        self.assertEqual(self.fresh().status, S.SCREENING)

    def test_it_shows_a_refused_transition_as_a_message(self):
        r = self.post("status", {"status": "closed", "reason": "x"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Neem de melding eerst in screening")
        self.assertEqual(self.fresh().status, S.NEW)

    def test_it_shows_an_unknown_status_as_a_message(self):
        r = self.post("status", {"status": "deleted"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')

    def test_it_adds_and_removes_a_label(self):
        self.post("label_add", {"name": "loverboy"})
        self.assertEqual(list(self.report.labels.values_list("name", flat=True)), ["loverboy"])
        self.post("label_remove", {"name": "loverboy"})
        self.assertFalse(self.report.labels.exists())

    def test_it_shows_an_overlong_label_name_as_a_message(self):
        r = self.post("label_add", {"name": "x" * 61})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')
        self.assertFalse(self.report.labels.exists())

    def test_it_shows_an_empty_note_as_a_message(self):
        r = self.post("note_add", {"body": "   "})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')
        self.assertFalse(ReportNote.objects.exists())

    def test_it_stores_a_note_out_of_the_reporters_sight(self):
        self.post("note_add", {"body": "Collega vragen"})
        self.assertEqual(ReportNote.objects.get().body, "Collega vragen")
        seen = services.report_for_receipt(self.submission.receipt_code)
        self.assertFalse(seen.messages.exists())

    def test_it_sends_a_reply_to_the_reporter(self):
        self.post("reply", {"body": "Dank voor je melding"})
        message = ReportMessage.objects.get()
        self.assertEqual(message.direction, ReportMessage.Direction.TO_REPORTER)
        self.assertEqual(message.author, self.intake_user)

    def test_it_takes_a_report_for_the_current_user(self):
        self.post("assign", {"assignee": "me"})
        self.assertEqual(self.fresh().assigned_to, self.intake_user)

    def test_it_shows_an_assignee_who_cannot_screen_as_a_message(self):
        self.client.logout()
        self.login(self.coordinator)
        r = self.post("assign", {"assignee": str(self.investigator.pk)})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')
        self.assertIsNone(self.fresh().assigned_to)

    def test_it_records_feedback(self):
        self.post("feedback")
        self.assertIsNotNone(self.fresh().feedback_at)

    def test_it_lets_a_coordinator_set_a_legal_hold(self):
        self.client.logout()
        self.login(self.coordinator)
        self.post("legal_hold", {"hold": "1"})
        self.assertTrue(self.fresh().legal_hold)

    def test_it_refuses_a_post_without_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        login_verified(client, self.intake_user)
        url = reverse("reports:note_add", kwargs={"report_id": self.report.pk})
        self.assertEqual(client.post(url, {"body": "zonder token"}).status_code, 403)
        self.assertFalse(ReportNote.objects.exists())

    def test_it_is_a_404_to_act_on_a_guessed_id(self):
        url = reverse("reports:note_add", kwargs={"report_id": self.report.pk + 999})
        self.assertEqual(self.client.post(url, {"body": "x"}).status_code, 404)

    def test_it_refuses_a_get_on_an_action(self):
        url = reverse("reports:reply", kwargs={"report_id": self.report.pk})
        self.assertEqual(self.client.get(url).status_code, 405)


class EnterTests(SignaalTestCase):
    def setUp(self):
        self.login(self.intake_user)
        self.url = reverse("reports:enter")

    def form_data(self, **overrides):
        page = self.client.get(self.url).content.decode()
        token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
        data = {
            "submission_token": token,
            "source": "phone",
            "reporter_role": "close",
            "what_happened": "Beller maakt zich zorgen om een nichtje.",
            "contact_phone": "06-12345678",
        }
        data.update(overrides)
        return data

    def test_it_stores_a_phoned_in_report_and_shows_the_receipt_code_once(self):
        r = self.client.post(self.url, self.form_data())
        code = re.search(r'id="receipt-code">([\d ]+)<', r.content.decode()).group(1)
        report = Report.objects.get()
        self.assertEqual(report.source, Report.Source.PHONE)
        self.assertEqual(services.report_for_receipt(code), report)
        self.assertIn("no-store", r["Cache-Control"])

    def test_it_creates_one_report_when_the_form_is_sent_twice(self):
        data = self.form_data()
        self.client.post(self.url, data)
        self.client.post(self.url, data)
        self.assertEqual(Report.objects.count(), 1)

    def test_it_shows_a_missing_story_as_a_form_error(self):
        r = self.client.post(self.url, self.form_data(what_happened=""))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="errorlist"')
        self.assertEqual(Report.objects.count(), 0)

    def test_it_shows_a_broken_token_as_an_error_not_a_crash(self):
        r = self.client.post(self.url, self.form_data(submission_token="kort"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="error"')
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_the_web_form_as_source(self):
        r = self.client.post(self.url, self.form_data(source="web"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Report.objects.count(), 0)
