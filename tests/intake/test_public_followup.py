"""Follow-up at /opvolgen/: the receipt code in a POST field, no account, no session."""

import re
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import TestCase

from signaal.audit.models import AuditEvent
from signaal.intake import services
from signaal.intake.models import Attachment, ReportMessage, ReportNote
from tests.base import make_staff
from tests.intake.helpers import PNG, submit

NOT_FOUND = (
    "We kunnen geen melding vinden bij deze code. Controleer de cijfers en probeer het opnieuw."
)


class FollowUpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("intake").user

    def setUp(self):
        cache.clear()  # rate-limit counters live in the cache
        self.submission = submit(what_happened="Hij stuurt berichten via snap: witte_auto.")
        self.report = self.submission.report
        self.code = self.submission.receipt_code

    def open(self, code, **extra):
        return self.client.post("/opvolgen/", {"code": code, **extra})

    def send(self, body="", files=None, code=None):
        data = {"code": code or self.code, "body": body, "send": "1"}
        if files is not None:
            data["files"] = files
        return self.client.post("/opvolgen/", data)

    def test_it_asks_for_the_code_on_a_plain_visit(self):
        r = self.client.get("/opvolgen/")
        self.assertContains(r, "Je ontvangstcode")
        self.assertContains(r, 'inputmode="numeric"')
        self.assertEqual(set(r.cookies), {"csrftoken"})

    def test_it_opens_the_conversation_with_the_code_typed_with_spaces_or_dashes(self):
        for typed in (self.code, self.code.replace(" ", ""), self.code.replace(" ", "-")):
            with self.subTest(typed=typed):
                r = self.open(typed)
                self.assertContains(r, "witte_auto")
                self.assertIn("no-store", r.headers["Cache-Control"])

    def test_it_carries_the_code_in_a_hidden_field_and_not_in_a_url_or_cookie(self):
        r = self.open(self.code)
        self.assertContains(r, f'<input type="hidden" name="code" value="{self.code}"')
        self.assertNotIn("sessionid", r.cookies)
        self.assertEqual(set(r.cookies) - {"csrftoken"}, set())
        digits = self.code.replace(" ", "")
        self.assertNotIn(digits, r.headers.get("Location", ""))

    def test_it_shows_staff_replies_as_meldpunt_and_never_internal_notes(self):
        ReportMessage.objects.create(
            report=self.report,
            direction=ReportMessage.Direction.TO_REPORTER,
            author=self.staff,
            body="Dank voor je melding. Weet je ook de naam van het account?",
        )
        ReportNote.objects.create(report=self.report, author=self.staff, body="INTERN: bel politie")
        r = self.open(self.code)
        self.assertContains(r, "Weet je ook de naam van het account?")
        self.assertContains(r, "<strong>Meldpunt</strong>")
        self.assertNotContains(r, "INTERN")
        self.assertNotContains(r, self.staff.username)

    def test_it_shows_messages_in_order(self):
        services.reporter_message_add(report=self.report, body="eerste bericht")
        ReportMessage.objects.create(
            report=self.report,
            direction=ReportMessage.Direction.TO_REPORTER,
            author=self.staff,
            body="tweede bericht",
        )
        html = self.open(self.code).content.decode()
        self.assertLess(html.index("eerste bericht"), html.index("tweede bericht"))

    def test_it_gives_the_same_neutral_message_for_wrong_unknown_and_malformed_codes(self):
        digits = self.code.replace(" ", "")
        wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
        pages = []
        for typed in (wrong, "1234 5678 9012 3456", "12345", "abcd"):
            with self.subTest(typed=typed):
                r = self.open(typed)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, NOT_FOUND)
                self.assertNotContains(r, "witte_auto")
                pages.append(re.sub(r'value="[^"]*"', "", r.content.decode()))
        self.assertEqual(len(set(pages)), 1)

    def test_it_asks_for_a_code_when_none_is_given(self):
        self.assertContains(self.open(""), "Vul de 16 cijfers van je ontvangstcode in")

    def test_it_stores_an_answer_and_shows_the_conversation_with_a_confirmation(self):
        r = self.send(body="Het account heet witte_auto_2.")
        self.assertContains(r, "Je bericht is verstuurd")
        self.assertContains(r, "Het account heet witte_auto_2.")
        message = self.report.messages.get()
        self.assertEqual(message.direction, ReportMessage.Direction.FROM_REPORTER)
        self.assertEqual(message.body, "Het account heet witte_auto_2.")

    def test_it_stores_a_double_clicked_answer_once(self):
        import re

        page = self.open(self.code).content.decode()
        token = re.search(r'name="message_token" value="([^"]+)"', page).group(1)
        data = {"code": self.code, "body": "Nog een ding", "send": "1", "message_token": token}
        self.client.post("/opvolgen/", data)
        second = self.client.post("/opvolgen/", data)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(self.report.messages.filter(body__isnull=False).count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="report.reporter_message").count(), 1)

    def test_it_gives_a_fresh_token_for_the_next_answer(self):
        import re

        page = self.open(self.code).content.decode()
        first = re.search(r'name="message_token" value="([^"]+)"', page).group(1)
        sent = self.client.post(
            "/opvolgen/", {"code": self.code, "body": "een", "send": "1", "message_token": first}
        ).content.decode()
        second = re.search(r'name="message_token" value="([^"]+)"', sent).group(1)
        self.assertNotEqual(first, second)
        self.client.post(
            "/opvolgen/", {"code": self.code, "body": "twee", "send": "1", "message_token": second}
        )
        self.assertEqual(self.report.messages.count(), 2)

    def test_it_refuses_a_tampered_token_with_a_clear_message(self):
        r = self.client.post(
            "/opvolgen/", {"code": self.code, "body": "x", "send": "1", "message_token": "<bad>"}
        )
        self.assertContains(r, "Laad de pagina opnieuw")
        self.assertEqual(self.report.messages.count(), 0)

    def test_it_stores_files_sent_with_an_answer(self):
        self.send(body="Hier is een schermafbeelding.", files=SimpleUploadedFile("chat.png", PNG))
        message = self.report.messages.get()
        self.assertEqual(Attachment.objects.filter(message=message).count(), 1)

    def test_it_refuses_an_empty_answer(self):
        r = self.send(body="   ")
        self.assertContains(r, "Schrijf een bericht of kies een bestand")
        self.assertEqual(self.report.messages.count(), 0)

    def test_it_refuses_an_oversized_answer(self):
        r = self.send(body="x" * (services.MAX_TEXT + 1))
        self.assertContains(r, "Dit is te lang")
        self.assertEqual(self.report.messages.count(), 0)

    def test_it_refuses_a_disguised_file_in_an_answer(self):
        r = self.send(body="bestand", files=SimpleUploadedFile("foto.jpg", b"MZ" + b"\x00" * 50))
        self.assertContains(r, "We kunnen foto.jpg niet aannemen")
        self.assertEqual(self.report.messages.count(), 0)

    def test_it_stores_nothing_for_an_answer_with_a_wrong_code(self):
        r = self.send(body="Hallo", code="0000 0000 0000 0000")
        self.assertContains(r, NOT_FOUND)
        self.assertEqual(ReportMessage.objects.count(), 0)

    def test_it_shows_a_calm_503_when_saving_an_answer_fails(self):
        with mock.patch.object(services.audit, "record", side_effect=DatabaseError("locked")):
            r = self.send(body="Nog een vraag")
        self.assertEqual(r.status_code, 503)
        self.assertContains(r, "Je bericht is niet verstuurd", status_code=503)
        self.assertContains(r, "Nog een vraag", status_code=503)
        self.assertEqual(ReportMessage.objects.count(), 0)

    def test_it_finds_nothing_for_a_shredded_report(self):
        from django.utils import timezone

        self.report.shredded_at = timezone.now()
        self.report.save(update_fields=["shredded_at"])
        self.assertContains(self.open(self.code), NOT_FOUND)

    def test_it_speaks_english_under_en(self):
        r = self.client.post("/en/opvolgen/", {"code": self.code})
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "Your report")
