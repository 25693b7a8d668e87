import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every public page; later issues add theirs.
PUBLIC_PAGES = [
    "/",
    "/melden/",
    "/opvolgen/",
    "/hulp/",
    "/loverboys/",
    "/signalen/",
    "/grooming/",
]
PUBLIC_PAGES += ["/en" + path for path in PUBLIC_PAGES]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_it_leaves_for_a_neutral_site_and_replaces_the_history_entry(
    live_server, page, neutral_site, path
):
    page.goto(f"{live_server.url}/staff/login/")  # something before the public page
    page.goto(f"{live_server.url}{path}")
    page.click("[data-quick-exit]")
    page.wait_for_url(neutral_site)
    page.go_back()
    # Back goes to the page before, never to the public page that was left.
    assert page.url == f"{live_server.url}/staff/login/"


def test_it_leaves_with_the_escape_key(live_server, page, neutral_site):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)


def test_it_leaves_without_javascript(live_server, browser, neutral_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.click("[data-quick-exit]")
    page.wait_for_url(neutral_site)
    context.close()
