import pytest

from signaal.accounts.models import User
from tests.base import PASSWORD, current_totp, make_staff
from tests.crawling.helpers import attach_capture, make_ad

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CAPTURE = (
    "<html><body><h1 id='captured'>Vastgelegde advertentie</h1>"
    "<script>document.body.dataset.ran = 'yes'</script>"
    "<img src='http://192.0.2.1/tracker.png'></body></html>"
)


def log_in(page, live_server, username):
    enrolment = make_staff(User.Role.INVESTIGATOR, username=username)
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.fill("#id_token-otp_token", current_totp(enrolment.device))
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_it_lists_ads_and_shows_the_detail_with_a_sandboxed_capture(live_server, page):
    ad = make_ad(key="e2e")
    make_ad(key="plain", title="Fiets te koop", text="Mooie fiets.")
    attach_capture(ad, CAPTURE)
    # A request the CSP blocks may still show as started; none may finish.
    finished = []
    page.on("requestfinished", lambda r: finished.append(r.url))
    log_in(page, live_server, "ines")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Advertenties"
    ).click()
    page.wait_for_url(f"{live_server.url}/staff/ads/")
    rows = page.locator("table.ads tbody tr")
    assert rows.count() == 2
    assert rows.first.locator(".score").inner_text() == str(ad.score)
    assert "flagged" in rows.first.get_attribute("class")

    rows.first.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/staff/ads/{ad.pk}/")
    mark = page.locator(".ad-text mark").first
    assert mark.inner_text() == "Ik ben 16"
    assert "18" in mark.get_attribute("title")
    frame_el = page.locator("iframe.capture")
    assert frame_el.get_attribute("sandbox") == ""
    frame = frame_el.content_frame
    assert frame.locator("#captured").inner_text() == "Vastgelegde advertentie"
    # no scripts ran inside the frame, nothing was loaded from elsewhere
    assert frame.locator("body").get_attribute("data-ran") is None
    page.wait_for_load_state("networkidle")
    assert not any("192.0.2.1" in url for url in finished)
    assert page.locator(".capture-sha").inner_text() == ad.versions.get().response_sha256
