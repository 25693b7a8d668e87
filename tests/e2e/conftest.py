"""Playwright with Debian's Chromium: never a downloaded browser."""

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# Playwright's sync API keeps an event loop running in this thread for the whole
# session; the tests' own ORM calls (and database set-up) stay plain synchronous
# code, so Django's async guard may step aside. Subprocesses never inherit it
# (tests/commands.py removes it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run 'make setup' (scripts/system-deps).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


class _NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>Weerbericht</title><p>Zonnig.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_site(settings):
    """A neutral page on loopback for the quick-exit button to leave to."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/weer"
    settings.QUICK_EXIT_URL = url
    yield url
    server.shutdown()
