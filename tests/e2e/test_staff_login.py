import pytest

from signaal.accounts.models import User
from tests.base import PASSWORD, current_totp, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_with_password_and_totp_and_sees_the_staff_home(live_server, page):
    enrolment = make_staff(User.Role.COORDINATOR, username="fatima")
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/login/" in page.url
    page.fill("#id_auth-username", "fatima")
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.fill("#id_token-otp_token", current_totp(enrolment.device))
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text() == "Welkom, fatima"
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()


def test_it_reaches_no_staff_page_without_the_second_factor(live_server, page):
    make_staff(User.Role.COORDINATOR, username="fatima")
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_auth-username", "fatima")
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_selector("#id_token-otp_token")
    for path in ["/staff/", "/staff/audit/"]:
        page.goto(f"{live_server.url}{path}")
        assert "/staff/login/" in page.url, path
        assert page.locator("#id_auth-username").is_visible()


def test_it_says_when_the_password_is_wrong(live_server, page):
    make_staff(User.Role.INTAKE, username="fatima")
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_auth-username", "fatima")
    page.fill("#id_auth-password", "not the password")
    page.get_by_role("button", name="Volgende").click()
    assert page.locator(".errorlist").is_visible()
