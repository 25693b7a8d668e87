"""axe-core on the public pages: no serious or critical violations."""

from pathlib import Path

import pytest
from django.core.cache import cache

from tests.intake.helpers import submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/melden/",
    "/opvolgen/",
    "/hulp/",
    "/loverboys/",
    "/signalen/",
    "/grooming/",
    "/en/",
    "/en/melden/",
    "/en/opvolgen/",
    "/en/hulp/",
]


@pytest.fixture
def axe_page(browser):
    # Only here: the strict CSP would (rightly) block the injected axe script.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_it_has_no_serious_violations(live_server, axe_page, path):
    axe_page.goto(f"{live_server.url}{path}")
    assert serious_violations(axe_page) == []


def test_it_has_no_serious_violations_on_a_form_with_errors(live_server, axe_page):
    cache.clear()
    axe_page.goto(f"{live_server.url}/melden/")
    axe_page.click("button[type=submit]")
    axe_page.wait_for_selector("#form-errors")
    assert serious_violations(axe_page) == []


def test_it_has_no_serious_violations_on_the_receipt_and_the_conversation(live_server, axe_page):
    cache.clear()
    axe_page.goto(f"{live_server.url}/melden/")
    axe_page.check("#id_reporter_role_0")
    axe_page.fill("#id_what_happened", "Iemand dreigt mijn foto's te delen.")
    axe_page.check("#id_danger_now_0")
    axe_page.click("button[type=submit]")
    axe_page.wait_for_selector("#receipt-code")
    assert serious_violations(axe_page) == []

    code = submit().receipt_code
    axe_page.goto(f"{live_server.url}/opvolgen/")
    axe_page.fill("#id_code", code)
    axe_page.click("button[type=submit]")
    axe_page.wait_for_selector(".report-summary")
    assert serious_violations(axe_page) == []
