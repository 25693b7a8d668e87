"""Demo data for ads: a fixture ad site in a background thread, crawled once by a real `signaal crawl`."""

import json
import os
import subprocess
import sys

DEMO_ADS = 300
DEMO_PORT = 8800


def _start_site():
    from fixtures.adsite import AdSite, make_server

    site = AdSite(ads=DEMO_ADS, seed=7)
    try:
        server = make_server("127.0.0.1", DEMO_PORT, site=site)
    except OSError:  # the port is taken: any free one will do
        server = make_server("127.0.0.1", 0, site=site)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True, name="demo-adsite").start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def populate_ads(coordinator) -> str:
    """Serve the fixture site for as long as the demo runs, and crawl it once now."""
    from signaal.crawling import profiles, services
    from signaal.crawling.models import Ad, Network

    url = _start_site()
    # "Crawl now" in the staff pages reaches the same fixture site.
    services.source_sync(profile=profiles.load("fixture-html"), base_url=url, actor=None)
    services.source_sync(profile=profiles.load("fixture-json"), base_url=url, actor=None)
    env = {**os.environ, "SIGNAAL_CRAWL_ALLOWED_NETWORK": "loopback"}
    done = subprocess.run(
        [sys.executable, "-m", "signaal.cli", "crawl", "fixture-html", "--base-url", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        return f"Ads: the demo crawl of {url} failed: {done.stderr.strip()[-300:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    flagged = Ad.objects.filter(score__gte=50).count()
    return (
        f"Ads: crawled {Ad.objects.count()} ads from the fixture site at {url} (run {result['run']}, "
        f"{result['status']}): {flagged} flagged, {Network.objects.count()} networks."
    )


def flagged_ads_count(user) -> list:
    """Home page queue: flagged ads, for users who may see ads."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from signaal.accounts import access
    from signaal.crawling.models import Ad
    from signaal.staff.queries import QueueCount

    if not access.can(user, "ads.view"):
        return []
    count = Ad.objects.filter(score__gte=50).count()
    return [QueueCount(_("Gemarkeerde advertenties"), count, reverse("ads:list") + "?flagged=1")]
