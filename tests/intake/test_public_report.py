"""The public report form at /melden/: works without JavaScript, loses nothing, stores nothing bad."""

import re
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import Client, TestCase

from signaal.intake import services, uploads
from signaal.intake.models import Attachment, Report
from signaal.vault import blobs
from signaal.vault.models import Blob
from tests.intake.helpers import PNG, token

CODE_RE = re.compile(r'id="receipt-code">(\d{4} \d{4} \d{4} \d{4})<')


def report_data(**overrides) -> dict:
    data = {
        "submission_token": token(),
        "reporter_role": "close",
        "about_minor": "yes",
        "what_happened": "Mijn buurmeisje wordt opgehaald door een man met een witte auto.",
        "where_online": "https://voorbeeld.invalid/profiel/9\nsnap: witte_auto",
        "when_happened": "sinds september",
        "danger_now": "no",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def png_upload(name="scherm.png", data=PNG):
    return SimpleUploadedFile(name, data, content_type="image/png")


class PublicFormTestCase(TestCase):
    def setUp(self):
        cache.clear()  # rate-limit counters live in the cache

    def post(self, url="/melden/", **data):
        return self.client.post(url, data)

    def receipt_code(self, response) -> str:
        match = CODE_RE.search(response.content.decode())
        self.assertIsNotNone(match, "no receipt code on the page")
        return match.group(1)


class ReportFormPageTests(PublicFormTestCase):
    def test_it_shows_the_form_in_sections_with_legends_and_a_fresh_token(self):
        r = self.client.get("/melden/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertEqual(html.count("<legend>"), 4)  # role, minor, danger, contact
        self.assertIn('enctype="multipart/form-data"', html)
        first = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
        second = re.search(
            r'name="submission_token" value="([^"]+)"', self.client.get("/melden/").content.decode()
        ).group(1)
        self.assertTrue(services.TOKEN_RE.match(first))
        self.assertNotEqual(first, second)

    def test_it_always_shows_what_to_do_in_danger_next_to_the_question(self):
        html = self.client.get("/melden/").content.decode()
        question = html.index('id="danger_now_group"')
        box = html.index('id="danger-help"')
        self.assertLess(question, box)
        self.assertIn("112", html[box : box + 400])

    def test_it_says_anonymous_is_allowed_and_what_contact_details_are_for(self):
        r = self.client.get("/melden/")
        self.assertContains(r, "Je mag anoniem melden")
        self.assertContains(r, "alleen om je vragen te stellen over deze melding")

    def test_it_hides_the_honeypot_from_people_but_not_with_inline_styles(self):
        html = self.client.get("/melden/").content.decode()
        self.assertRegex(html, r'<input[^>]*name="website"[^>]*tabindex="-1"')
        self.assertRegex(html, r'<input[^>]*name="website"[^>]*autocomplete="off"')
        self.assertIn("Laat dit veld leeg", html)
        self.assertNotIn("style=", html)
        self.assertNotRegex(html, r"<script>|<script [^>]*>[^<]")  # no inline scripts

    def test_it_is_not_cached(self):
        self.assertIn("no-store", self.client.get("/melden/").headers["Cache-Control"])

    def test_it_speaks_english_under_en(self):
        r = self.client.get("/en/melden/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "What happened?")


class ReportSubmitViewTests(PublicFormTestCase):
    def test_it_stores_the_report_and_shows_the_grouped_receipt_code_once(self):
        r = self.post(**report_data())
        self.assertEqual(r.status_code, 200)
        code = self.receipt_code(r)
        report = Report.objects.get()
        self.assertEqual(services.report_for_receipt(code), report)
        self.assertIn("witte auto", report.what_happened)
        self.assertEqual(report.reporter_role, Report.ReporterRole.CLOSE)
        self.assertIn("no-store", r.headers["Cache-Control"])
        self.assertContains(r, "Schrijf deze code op")
        self.assertContains(r, 'href="/opvolgen/"')

    def test_it_marks_a_minor_only_for_yes(self):
        harmless = "Ik zag een vreemd profiel op een site."
        for answer, expected in (("yes", True), ("no", False), ("unknown", False), ("", False)):
            with self.subTest(answer=answer):
                self.post(**report_data(about_minor=answer, what_happened=harmless))
                self.assertEqual(Report.objects.latest("pk").possible_minor, expected)

    def test_it_shows_112_first_on_the_receipt_when_someone_is_in_danger(self):
        r = self.post(**report_data(danger_now="yes"))
        html = r.content.decode()
        self.assertTrue(Report.objects.get().danger_now)
        self.assertIn("Bel nu 112", html)
        self.assertLess(html.index("Bel nu 112"), html.index('id="receipt-code"'))

    def test_it_does_not_show_the_danger_box_on_the_receipt_otherwise(self):
        self.assertNotContains(self.post(**report_data()), "Bel nu 112")

    def test_it_keeps_contact_details(self):
        self.post(
            **report_data(
                contact_name="Sam", contact_email="sam@example.invalid", contact_phone="0612345678"
            )
        )
        report = Report.objects.get()
        self.assertEqual(
            (report.contact_name, report.contact_email, report.contact_phone),
            ("Sam", "sam@example.invalid", "0612345678"),
        )

    def test_it_returns_the_same_report_and_receipt_for_a_double_submit(self):
        data = report_data()
        first = self.receipt_code(self.post(**data))
        second = self.receipt_code(self.post(**data))
        self.assertEqual(first, second)
        self.assertEqual(Report.objects.count(), 1)


class ReportBadInputTests(PublicFormTestCase):
    def assertNothingStored(self):
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Attachment.objects.count(), 0)
        self.assertEqual(Blob.objects.count(), 0)

    def test_it_asks_for_what_happened_when_it_is_empty(self):
        r = self.post(**report_data(what_happened="   "))
        self.assertContains(r, "Schrijf kort op wat er is gebeurd")
        self.assertContains(r, "Je melding is nog niet verstuurd")
        self.assertNothingStored()

    def test_it_points_the_field_to_its_error_for_screen_readers(self):
        html = self.post(**report_data(what_happened="")).content.decode()
        field = re.search(r"<textarea[^>]*name=\"what_happened\"[^>]*>", html).group(0)
        self.assertIn('aria-invalid="true"', field)
        self.assertIn('aria-describedby="id_what_happened_error what_happened_help"', field)
        self.assertIn('id="id_what_happened_error"', html)

    def test_it_asks_who_reports(self):
        data = report_data()
        del data["reporter_role"]
        self.assertContains(self.post(**data), "Kies wie er meldt")
        self.assertNothingStored()

    def test_it_refuses_an_oversized_story_and_keeps_the_other_fields(self):
        r = self.post(**report_data(what_happened="x" * (services.MAX_TEXT + 1)))
        self.assertContains(r, "Dit is te lang: hooguit 20000 tekens")
        self.assertContains(r, "sinds september")
        self.assertNothingStored()

    def test_it_refuses_oversized_short_fields(self):
        for field, limit in (("when_happened", services.MAX_SHORT), ("contact_name", 200)):
            with self.subTest(field=field):
                r = self.post(**report_data(**{field: "x" * (limit + 1)}))
                self.assertContains(r, f"hooguit {limit} tekens")
        self.assertNothingStored()

    def test_it_refuses_a_malformed_email_address(self):
        r = self.post(**report_data(contact_email="geen-adres"))
        self.assertContains(r, "Dit lijkt geen e-mailadres")
        self.assertNothingStored()

    def test_it_refuses_an_unknown_role(self):
        self.post(**report_data(reporter_role="police"))
        self.assertNothingStored()

    def test_it_asks_to_reload_when_the_token_is_missing(self):
        r = self.post(**report_data(submission_token="x"))
        self.assertContains(r, "Dit formulier was verlopen")
        self.assertNothingStored()
        fresh = re.search(r'name="submission_token" value="([^"]+)"', r.content.decode()).group(1)
        self.assertTrue(services.TOKEN_RE.match(fresh))


class ReportFileTests(PublicFormTestCase):
    def test_it_stores_an_attachment_encrypted_and_never_shows_it_back(self):
        r = self.post(**report_data(files=png_upload()))
        self.assertNotIn(b"<img", r.content)
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.content_type, "image/png")
        self.assertEqual(attachment.filename, "scherm.png")
        self.assertEqual(blobs.read_bytes(attachment.blob), PNG)

    def test_it_takes_several_files(self):
        files = [png_upload(f"scherm{i}.png") for i in range(uploads.MAX_FILES)]
        self.post(**report_data(files=files))
        self.assertEqual(Attachment.objects.count(), uploads.MAX_FILES)

    def test_it_refuses_a_disguised_file_with_a_clear_error(self):
        program = SimpleUploadedFile("foto.png", b"MZ\x90\x00" + b"\x00" * 200)
        r = self.post(**report_data(files=program))
        self.assertContains(r, "We kunnen foto.png niet aannemen")
        self.assertContains(r, "Bestanden moet je opnieuw kiezen")
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Blob.objects.count(), 0)

    def test_it_refuses_a_file_whose_name_lies_about_its_content(self):
        r = self.post(**report_data(files=SimpleUploadedFile("brief.pdf", PNG)))
        self.assertContains(r, "De naam van brief.pdf past niet bij de inhoud")
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_too_many_files(self):
        files = [png_upload(f"scherm{i}.png") for i in range(uploads.MAX_FILES + 1)]
        r = self.post(**report_data(files=files))
        self.assertContains(r, f"hooguit {uploads.MAX_FILES} bestanden")
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_a_too_large_file_with_a_clear_error(self):
        big = png_upload("groot.png", PNG + b"\x00" * uploads.MAX_FILE_BYTES)
        r = self.post(**report_data(files=big))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Het bestand groot.png is groter dan 10 MB")
        self.assertContains(r, "witte auto")  # what they wrote is still there
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Blob.objects.count(), 0)

    def test_it_never_writes_an_upload_to_a_temporary_file(self):
        from django.core.files import uploadedfile

        big = png_upload("groot.png", PNG + b"\x00" * uploads.MAX_FILE_BYTES)
        with mock.patch.object(
            uploadedfile.TemporaryUploadedFile, "__init__", side_effect=AssertionError("disk")
        ) as to_disk:
            self.post(**report_data(files=[big, png_upload()]))
        to_disk.assert_not_called()


class ReportFailureTests(PublicFormTestCase):
    def test_it_shows_a_calm_503_and_keeps_the_form_when_the_database_fails(self):
        failing = mock.patch.object(
            services.audit, "record", side_effect=DatabaseError("disk I/O error")
        )
        with failing, self.assertLogs("signaal.intake.views_public", "ERROR") as logs:
            r = self.post(**report_data(files=png_upload()))
        self.assertEqual(r.status_code, 503)
        self.assertContains(
            r,
            "Er ging iets mis bij het opslaan. Je melding is niet verstuurd. "
            "Probeer het over een paar minuten opnieuw.",
            status_code=503,
        )
        self.assertContains(r, "witte auto", status_code=503)
        self.assertContains(r, "sinds september", status_code=503)
        self.assertContains(r, "Bestanden moet je opnieuw kiezen", status_code=503)
        self.assertNotContains(r, 'id="receipt-code"', status_code=503)
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Attachment.objects.count(), 0)
        self.assertNotIn("witte", "\n".join(logs.output))

    def test_it_keeps_the_same_token_so_a_retry_is_still_one_report(self):
        data = report_data()
        with mock.patch.object(services, "report_submit", side_effect=DatabaseError("locked")):
            r = self.post(**data)
        self.assertContains(r, f'value="{data["submission_token"]}"', status_code=503)
        self.receipt_code(self.post(**data))
        self.assertEqual(Report.objects.count(), 1)

    def test_it_stores_nothing_when_the_honeypot_is_filled(self):
        r = self.post(**report_data(website="https://spam.invalid", files=png_upload()))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "We hebben je bericht ontvangen")
        self.assertNotContains(r, 'id="receipt-code"')
        self.assertNotRegex(r.content.decode(), r"\d{4} \d{4} \d{4} \d{4}")
        self.assertNotContains(r, "Laat dit veld leeg")
        self.assertEqual(Report.objects.count(), 0)
        self.assertEqual(Blob.objects.count(), 0)

    def test_it_refuses_a_post_without_csrf_token_with_a_calm_page(self):
        client = Client(enforce_csrf_checks=True)
        r = client.post("/melden/", report_data())
        self.assertEqual(r.status_code, 403)
        self.assertContains(r, "Deze pagina is verlopen", status_code=403)
        self.assertContains(r, "data-quick-exit", status_code=403)
        self.assertEqual(Report.objects.count(), 0)

    def test_it_accepts_a_post_with_the_csrf_token_from_the_form(self):
        client = Client(enforce_csrf_checks=True)
        html = client.get("/melden/").content.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        r = client.post("/melden/", {**report_data(), "csrfmiddlewaretoken": csrf})
        self.receipt_code(r)
        self.assertEqual(Report.objects.count(), 1)
