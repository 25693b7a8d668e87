"""A decoy ad from authorisation to warning, in a real browser against the live server."""

import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.decoys.models import Deployment
from tests.base import PASSWORD, current_totp, make_staff
from tests.decoys.helpers import FakeProvider, add_channels, twilio_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, enrolment):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_auth-username", enrolment.user.username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.fill("#id_token-otp_token", current_totp(enrolment.device))
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    return context, page


def client_writes(live_server, deployment, *, sender, sid):
    """A client's SMS as Twilio delivers it: a signed POST to the live server."""
    url = f"{live_server.url}/hooks/twilio/{deployment.slug}/"
    body, headers = twilio_request(url, sender=sender, sid=sid)
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status


def test_a_decoy_ad_is_authorised_warns_a_client_and_stops(live_server, browser):
    creator = make_staff(User.Role.INVESTIGATOR, username="ilse")
    first = make_staff(User.Role.COORDINATOR, username="fatima")
    second = make_staff(User.Role.COORDINATOR, username="karel")
    now = timezone.localtime()

    # An investigator records the authorisation.
    context, page = log_in(browser, live_server, creator)
    page.goto(f"{live_server.url}/staff/decoys/new/?kind=ad")
    page.fill("#id_name", "Lokadvertentie Utrecht")
    page.fill(
        "#id_purpose",
        "Klanten waarschuwen die reageren op advertenties met signalen van minderjarigheid.",
    )
    page.fill("#id_legal_basis", "Gerechtvaardigd belang; afgestemd met de politie.")
    page.fill("#id_platforms", "advertenties.example.org")
    page.fill("#id_content", "Nieuw in de stad.")
    page.fill("#id_starts_at", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_expires_at", (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_contact_cap", "50")
    page.fill("#id_stop_conditions", "Bij signalen van een echt slachtoffer.")
    page.fill("#id_dpia_reference", "DPIA-2026-07")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_selector("#deployment-status")
    assert "nog niet goedgekeurd" in page.inner_text("#deployment-status")
    deployment = Deployment.objects.get()

    with FakeProvider() as provider:
        add_channels(deployment, creator.user, provider.url)

        # Before approval a client gets nothing.
        assert client_writes(live_server, deployment, sender="+447700900111", sid="SM-early") == 200
        assert provider.requests == []

        # Two different coordinators approve, each in their own browser.
        for enrolment in (first, second):
            c, p = log_in(browser, live_server, enrolment)
            p.goto(f"{live_server.url}/staff/decoys/{deployment.pk}/")
            p.get_by_role("button", name="Goedkeuren").click()
            p.wait_for_selector("text=Goedkeuring vastgelegd")
            c.close()
        page.goto(f"{live_server.url}/staff/decoys/{deployment.pk}/")
        assert page.inner_text("#deployment-status") == "actief"

        # A client writes; the fake provider on loopback receives the warning.
        assert client_writes(live_server, deployment, sender="+447700900123", sid="SM-1") == 200
        assert len(provider.requests) == 1
        assert "artikel 248b" in provider.texts()[0]
        assert "Stop it Now" in provider.texts()[0]

        page.goto(f"{live_server.url}/staff/decoys/")
        assert page.inner_text("#total-warned") == "1"
        assert page.inner_text("#total-contacts") == "1"

        # The landing page is up while the deployment is live.
        landing = page.context.new_page()
        assert landing.goto(f"{live_server.url}/l/{deployment.slug}/").status == 200
        assert landing.locator("#quick-exit").is_visible()
        landing.close()

        # The kill switch: from now on nothing is sent, and the refusal is audited.
        page.goto(f"{live_server.url}/staff/decoys/{deployment.pk}/")
        page.fill("#id_reason", "Politie vraagt te stoppen")
        page.get_by_role("button", name="Nu stoppen").click()
        page.wait_for_selector("text=Noodstop: de inzet doet vanaf nu niets meer.")
        assert client_writes(live_server, deployment, sender="+447700900456", sid="SM-2") == 200
        assert len(provider.requests) == 1
        refusal = AuditEvent.objects.filter(action="decoy.use_refused").latest("seq")
        assert refusal.details == {"use": "webhook", "reason": "stopped", "provider": "twilio"}
        assert page.goto(f"{live_server.url}/l/{deployment.slug}/").status == 404

        page.goto(f"{live_server.url}/staff/decoys/")
        assert page.inner_text("#total-warned") == "1"
    context.close()
