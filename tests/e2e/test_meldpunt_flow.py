"""A reporter without JavaScript: report with a file, keep the code, read the reply, answer."""

import re

import pytest
from django.core.cache import cache

from signaal.intake import services_staff
from signaal.intake.models import Attachment, Report, ReportMessage
from signaal.vault import blobs
from tests.base import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"synthetic-e2e-pixels" * 8


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def staff_reply(report, body, staff_user):
    # The staff side's own service; a direct create was the stand-in before it existed.
    if hasattr(services_staff, "report_reply"):
        return services_staff.report_reply(report=report, body=body, actor=staff_user)
    return ReportMessage.objects.create(
        report=report, direction=ReportMessage.Direction.TO_REPORTER, author=staff_user, body=body
    )


def test_it_takes_a_report_with_a_file_and_a_reply_without_javascript(
    live_server, no_js_page, tmp_path
):
    page = no_js_page
    screenshot = tmp_path / "chat.png"
    screenshot.write_bytes(PNG)

    page.goto(f"{live_server.url}/melden/")
    page.check("#id_reporter_role_1")  # someone close
    page.check("#id_about_minor_0")  # yes, under 18
    page.fill("#id_what_happened", "Mijn zusje krijgt berichten van een man die haar geld belooft.")
    page.fill("#id_where_online", "snap: geldman_99")
    page.fill("#id_when_happened", "sinds vorige week")
    page.check("#id_danger_now_1")  # no
    page.set_input_files("#id_files", str(screenshot))
    page.click("button[type=submit]")

    code = page.inner_text("#receipt-code").strip()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    report = Report.objects.get()
    assert report.possible_minor
    attachment = Attachment.objects.get(report=report)
    assert blobs.read_bytes(attachment.blob) == PNG

    staff_user = make_staff("intake").user
    staff_reply(report, "Dank je. Weet je ook in welke stad je zusje hem heeft gezien?", staff_user)

    page.goto(f"{live_server.url}/opvolgen/")
    page.fill("#id_code", code.replace(" ", "-"))
    page.click("button[type=submit]")
    assert "Weet je ook in welke stad" in page.inner_text("main")
    assert "Meldpunt" in page.inner_text(".conversation")
    assert code.replace(" ", "") not in page.url

    page.fill("#id_body", "In Utrecht, bij het station.")
    page.click("button[name=send]")
    assert "Je bericht is verstuurd" in page.inner_text("main")

    answer = report.messages.get(direction=ReportMessage.Direction.FROM_REPORTER)
    assert answer.body == "In Utrecht, bij het station."


def test_it_shows_112_on_the_receipt_when_someone_is_in_danger(live_server, no_js_page):
    page = no_js_page
    page.goto(f"{live_server.url}/melden/")
    assert page.is_visible("#danger-help")  # always there without JavaScript
    page.check("#id_reporter_role_0")
    page.fill("#id_what_happened", "Ik word nu vastgehouden in een huis.")
    page.check("#id_danger_now_0")
    page.click("button[type=submit]")
    assert "Bel nu 112" in page.inner_text("main")
    assert page.is_visible("#receipt-code")


def test_it_marks_the_112_box_when_danger_is_chosen_with_javascript(live_server, page):
    page.goto(f"{live_server.url}/melden/")
    assert "is-active" not in page.get_attribute("#danger-help", "class")
    page.check("#id_danger_now_0")
    page.wait_for_selector("#danger-help.is-active")
    page.check("#id_danger_now_1")
    page.wait_for_selector("#danger-help:not(.is-active)")


def test_it_fits_a_small_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/melden/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.check("#id_reporter_role_0")
    page.fill("#id_what_happened", "Iemand stuurt mij steeds berichten.")
    page.click("button[type=submit]")
    # The receipt code stays on one line and on the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("#receipt-code").bounding_box()
    assert box["x"] + box["width"] <= 320
    assert box["height"] < 50
    context.close()


def test_it_says_the_same_for_a_wrong_code(live_server, no_js_page):
    page = no_js_page
    page.goto(f"{live_server.url}/opvolgen/")
    page.fill("#id_code", "1234 5678 9012 3456")
    page.click("button[type=submit]")
    assert "We kunnen geen melding vinden bij deze code" in page.inner_text("main")
