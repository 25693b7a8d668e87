import pytest

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.intake import services
from signaal.intake.models import Report, ReportMessage, ReportNote
from tests.base import PASSWORD, current_totp, make_staff
from tests.intake.helpers import png_file, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, enrolment, username):
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.fill("#id_token-otp_token", current_totp(enrolment.device))
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_it_screens_a_report_from_queue_to_reply(live_server, page):
    enrolment = make_staff(User.Role.INTAKE, username="sanne")
    submission = submit(files=[png_file()])
    report = submission.report
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    log_in(page, live_server, enrolment, "sanne")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    page.get_by_role("link", name=report.reference).click()
    assert page.locator("h1").inner_text() == f"Melding {report.reference}"
    assert page.get_by_text("onbekende man").is_visible()
    assert page.locator("img").count() == 0  # the screenshot is listed, never shown

    page.get_by_role("button", name="In screening nemen").click()
    assert page.get_by_text("Status is nu").is_visible()

    page.fill("#label-name", "grooming")
    page.get_by_role("button", name="Toevoegen").click()
    assert page.get_by_role("list", name="Labels").get_by_text("grooming").is_visible()

    page.fill("#note-body", "Lijkt op eerdere melding; navragen bij de analyse.")
    page.get_by_role("button", name="Notitie opslaan").click()
    assert page.get_by_text("De melder ziet deze niet").is_visible()

    page.fill("#reply-body", "Dank voor je melding. We gaan ermee aan de slag.")
    page.get_by_role("button", name="Bericht versturen").click()
    assert page.get_by_text("Bericht verstuurd").is_visible()

    stored = Report.objects.get(pk=report.pk)
    assert stored.status == Report.Status.SCREENING
    assert list(stored.labels.values_list("name", flat=True)) == ["grooming"]
    assert stored.acknowledged_at is not None
    reply = ReportMessage.objects.get(report=report)
    assert reply.direction == ReportMessage.Direction.TO_REPORTER
    assert reply.author.username == "sanne"
    assert ReportNote.objects.filter(report=report).count() == 1

    # What the reporter sees with the receipt code: the reply, never the note.
    seen = services.report_for_receipt(submission.receipt_code)
    bodies = [m.body for m in seen.messages.all()]
    assert bodies == ["Dank voor je melding. We gaan ermee aan de slag."]
    assert AuditEvent.objects.filter(action="report.open", actor__username="sanne").exists()
    assert not [e for e in errors if "Content Security Policy" in e]


def test_it_downloads_an_attachment_only_after_the_warning(live_server, page):
    enrolment = make_staff(User.Role.INTAKE, username="sanne")
    report = submit(files=[png_file()]).report
    log_in(page, live_server, enrolment, "sanne")
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    page.get_by_role("link", name="Openen…").click()
    assert page.get_by_text("schokkende beelden").is_visible()
    assert not AuditEvent.objects.filter(action="report.attachment_open").exists()
    with page.expect_download() as download:
        page.get_by_role("button", name="Ik begrijp het: download het bestand").click()
    assert download.value.suggested_filename == "scherm.png"
    assert AuditEvent.objects.filter(action="report.attachment_open").count() == 1
