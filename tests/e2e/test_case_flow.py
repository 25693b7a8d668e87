"""Report -> case -> crawled-ad evidence -> approve -> export, in a real browser."""

import zipfile
from pathlib import Path

import pytest

from signaal.accounts.models import User
from signaal.cases.models import Case
from signaal.dossiers import manifest
from signaal.intake.services_staff import report_set_status
from tests.base import make_staff
from tests.crawling.helpers import attach_capture, make_ad
from tests.e2e.test_screening import log_in
from tests.intake.helpers import png_file, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_turns_a_report_into_an_exported_dossier(live_server, page, tmp_path):
    enrolment = make_staff(User.Role.COORDINATOR, username="ilse")
    coordinator = enrolment.user
    report = submit(
        files=[png_file()], what_happened="Ze wordt via 06-12345678 aangeboden.", where_online=""
    ).report
    report_set_status(report=report, status="screening", actor=coordinator)
    ad = make_ad(text="Nieuw in Utrecht, net 18. Bel 06-12345678.")
    attach_capture(
        ad, "<html><body><p>Nieuw in Utrecht, net 18. Bel 06-12345678.</p></body></html>"
    )

    log_in(page, live_server, enrolment, "ilse")
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    page.get_by_role("link", name="Zaak openen").click()
    page.fill("#id_title", "Netwerk Utrecht")
    page.get_by_role("button", name="Zaak openen").click()
    case = Case.objects.get(title="Netwerk Utrecht")
    page.wait_for_url(f"{live_server.url}/staff/cases/{case.pk}/")
    assert page.locator("h1").inner_text().startswith(case.number)

    # The phone from the report was seen in a crawled ad: add that ad as evidence.
    page.fill("#add-ad", str(ad.pk))
    page.get_by_role("button", name="Als bewijsstuk toevoegen").click()
    assert page.get_by_text("Advertentie toegevoegd als bewijsstuk").is_visible()
    assert page.get_by_role("link", name=f"{case.number}-E02").is_visible()

    for status in ["investigating", "ready"]:
        page.select_option("#id_status", status)
        page.get_by_role("button", name="Status wijzigen").click()
        assert page.get_by_text("Status bijgewerkt").is_visible()

    page.get_by_role("button", name="Overdracht goedkeuren").click()
    page.get_by_role("button", name="Dossier exporteren").click()
    assert page.get_by_text("Dossier gemaakt").is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download ZIP").first.click()
    path = Path(tmp_path) / "dossier.zip"
    download_info.value.save_as(path)

    report_check = manifest.verify(path)
    assert report_check.ok, report_check.problems
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert f"evidence/{case.number}-E02-ad-fixture-t1.warc.gz" in names
    assert {"dossier.pdf", "case.jsonld", "manifest.json"} <= set(names)
