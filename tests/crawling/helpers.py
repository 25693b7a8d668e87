"""Helpers for crawler tests: a fixture site on a free loopback port, `signaal crawl` in a subprocess
that shares the test database, and WARC checks."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from fixtures.adsite import AdSite, serve_in_thread
from signaal.crawling import profiles, services
from signaal.crawling.models import Ad, CrawlRun
from signaal.vault import blobs, keys
from tests.commands import signaal_env

ROOT = Path(__file__).resolve().parents[2]
WARCIO = Path(sys.executable).parent / "warcio"
REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


@contextmanager
def fixture_site(**kwargs):
    """An AdSite on 127.0.0.1:<free port>; yields (site, base URL)."""
    server, url = serve_in_thread(site=AdSite(**{"ads": 60, **kwargs}))
    try:
        yield server.site, url
    finally:
        server.shutdown()
        server.server_close()


def database_url() -> str:
    """The test database as a URL, so `signaal crawl` in a subprocess writes where the test reads."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        # The same options as settings.py gives the default SQLite database.
        options = "timeout=20&transaction_mode=IMMEDIATE&init_command=PRAGMA+journal_mode%3DWAL"
        return f"sqlite:///{s['NAME']}?{options}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def crawl_env(**extra: str) -> dict:
    keys.keyring()  # the master key file exists before the subprocess starts
    env = signaal_env(
        str(settings.DATA_DIR),
        SIGNAAL_DATABASE_URL=database_url(),
        SIGNAAL_CRAWL_ALLOWED_NETWORK="loopback",
        SIGNAAL_HTTPS="0",
        **extra,
    )
    env["PYTHONPATH"] = str(ROOT)
    return env


def crawl(*args: str, timeout: int = 180, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "signaal.cli", "crawl", *args],
        env=crawl_env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def crawl_popen(*args: str, **extra: str) -> subprocess.Popen:
    """A crawl in the background; its output goes to files (a full pipe would block it)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
    proc = subprocess.Popen(
        [sys.executable, "-m", "signaal.cli", "crawl", *args],
        env=crawl_env(**extra),
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    proc.output_file = out
    return proc


def output_of(proc: subprocess.Popen) -> str:
    proc.output_file.seek(0)
    return proc.output_file.read().decode(errors="replace")[-3000:]


def write_profile(text: str) -> str:
    fd, path = tempfile.mkstemp(suffix=".yaml", prefix="profile-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def warc_file(run: CrawlRun) -> Path:
    """The run's WARC decrypted from the vault into a temporary file."""
    fd, path = tempfile.mkstemp(suffix=".warc.gz")
    with os.fdopen(fd, "wb") as f:
        for chunk in blobs.chunks(run.warc_blob):
            f.write(chunk)
    return Path(path)


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(WARCIO), "check", str(path)], capture_output=True, text=True, timeout=60
    )


def warc_plain(path: Path) -> bytes:
    with gzip.open(path) as f:
        return f.read()


def make_ad(*, title="Nieuw in Utrecht", text="Ik ben 16 jaar. Bel 06-12345678.", key="t1"):
    """An ad through the real ingest service (no crawl): for views and the access matrix."""
    profile = profiles.load("fixture-html")
    source = services.source_sync(profile=profile, actor=None)
    run, _ = services.run_begin(source=source)
    item = {
        "site": "fixture",
        "external_id": key,
        "url": f"http://127.0.0.1:8800/ad/{key}",
        "fields": {"title": title, "text": text, "city": "Utrecht", "age": 19, "phones": []},
        "images": [],
        "capture": None,
    }
    services.ad_ingest(source=source, run=run, item=item, actor=None)
    CrawlRun.objects.filter(pk=run.pk).update(
        status=CrawlRun.Status.FINISHED, finished_at=timezone.now()
    )
    return Ad.objects.get(key=f"fixture:{key}")


def attach_capture(ad, html: str) -> None:
    """Give the ad's current version a WARC capture in the vault holding `html`."""
    from signaal.crawling.crawler.warc import WarcLog

    version = ad.versions.order_by("-pk").first()
    fd, path = tempfile.mkstemp(suffix=".warc.gz")
    os.close(fd)
    os.unlink(path)
    log = WarcLog(path)
    where = log.write_exchange(
        url=ad.url,
        method="GET",
        request_headers=[],
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=html.encode(),
    )
    log.close()
    with open(path, "rb") as f:
        blob = blobs.put(f)
    run = version.run
    CrawlRun.objects.filter(pk=run.pk).update(warc_blob=blob, warc_sha256=blob.sha256)
    version.warc_offset, version.warc_length = where["offset"], where["length"]
    version.warc_record_id, version.response_sha256 = where["record_id"], where["sha256"]
    version.save()
