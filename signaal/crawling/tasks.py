"""Huey tasks: run a queued crawl in its own process; start crawls whose schedule is due."""

import subprocess
import sys

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

# A crawl that outlives this is killed; its run is recovered by the next one.
CRAWL_PROCESS_TIMEOUT = 6 * 3600


@db_task()
def crawl_run(run_id: int) -> int:
    """`signaal crawl` for a queued run, in a subprocess (one OS process per crawl)."""
    from signaal.crawling.models import CrawlRun

    run = CrawlRun.objects.select_related("source").get(pk=run_id)
    args = [
        sys.executable,
        "-m",
        "signaal.cli",
        "crawl",
        run.source.profile_path,
        "--run",
        str(run.pk),
    ]
    if run.source.base_url:
        args += ["--base-url", run.source.base_url]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=CRAWL_PROCESS_TIMEOUT)
    except subprocess.TimeoutExpired:
        return -1
    return done.returncode


@db_periodic_task(crontab(minute="*"))
def crawl_due_sources() -> int:
    """Queue a crawl for every enabled source whose schedule matches this minute; close dead runs."""
    from signaal.crawling import services
    from signaal.crawling.models import CrawlRun, Source
    from signaal.crawling.profiles import cron_matcher

    now = timezone.localtime().replace(second=0, microsecond=0)
    started = 0
    # A crawl process that died (kill -9, a reboot) leaves a run marked running: close it here.
    for source in Source.objects.filter(runs__status=CrawlRun.Status.RUNNING).distinct():
        services.runs_recover(source=source)
    for source in Source.objects.filter(enabled=True).exclude(schedule=""):
        try:
            due = cron_matcher(source.schedule)(now)
        except ValueError:
            continue
        busy = source.runs.filter(status__in=CrawlRun.ACTIVE).exists()
        recent = source.runs.filter(created_at__gte=now).exists()
        if due and not busy and not recent:
            services.crawl_request(source=source, actor=None)
            started += 1
    return started
