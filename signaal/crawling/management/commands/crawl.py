"""`signaal crawl PROFILE`: one crawl run in this process, with WARC evidence, ingest and analysis."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Crawl a source described by a site profile (a shipped name such as fixture-html, or a path "
        "to a YAML file). Writes a WARC to the vault and stores ads with their analysis. Exit 0 when "
        "the run finished (also with some errors), 1 when it failed, 2 on a bad profile or option."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "profile", help="Profile name (see signaal/crawling/profiles/) or path."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Replace the profile's scheme and host, e.g. http://127.0.0.1:8801.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be extracted; store nothing."
        )
        parser.add_argument(
            "--limit", type=int, default=0, help="Stop after this many ads (0: no limit)."
        )
        parser.add_argument(
            "--run", type=int, default=0, help="A queued run to carry out (used by the worker)."
        )
        parser.add_argument(
            "--job",
            default="",
            help="Join a crawl job: processes with the same job split one site over the shared Redis frontier.",
        )

    def handle(self, *args, **options):
        from signaal.crawling import profiles, runner, services
        from signaal.crawling.crawler.extensions import counters
        from signaal.crawling.crawler.middlewares import is_loopback
        from signaal.crawling.models import CrawlRun

        if options["limit"] < 0:
            raise CommandError("--limit must be 0 or more.", returncode=2)
        queued = None
        if options["run"]:
            queued = CrawlRun.objects.select_related("source").filter(pk=options["run"]).first()
            if queued is None or queued.status != CrawlRun.Status.QUEUED:
                raise CommandError(
                    f"run {options['run']} does not exist or is not queued.", returncode=2
                )
        try:
            profile = profiles.load(options["profile"])
        except profiles.ProfileError as e:
            self._refuse(queued, str(e))
        base_url = options["base_url"] or (queued.source.base_url if queued else "")
        if base_url:
            if not base_url.startswith(("http://", "https://")):
                self._refuse(queued, f"--base-url {base_url!r} is not an http(s) URL.")
            profile = profile.with_base_url(base_url)
        if settings.CRAWL_ALLOWED_NETWORK == "loopback":
            outside = [u for u in profile.start_urls if not is_loopback(u)]
            if profile.proxy and not is_loopback(profile.proxy):
                outside.append(profile.proxy)
            if outside:
                self._refuse(
                    queued,
                    f"refused {outside[0]}: this installation crawls loopback addresses only (CRAWL_ALLOWED_NETWORK).",
                )

        if options["dry_run"]:
            conf = runner.scrapy_settings(
                profile, run_id=None, warc_path=None, limit=options["limit"]
            )
            conf["SIGNAAL_PRINT_LIMIT"] = options["limit"]
            stats = runner.crawl(profile, conf)
            if not stats.get("downloader/response_status_count/200"):
                raise CommandError(
                    "no page could be fetched; check that the site is up.", returncode=1
                )
            return

        shared = bool(settings.REDIS_URL)
        source = services.source_sync(profile=profile, base_url=options["base_url"], actor=None)
        services.runs_recover(source=source)
        run, skip = services.run_begin(source=source, run=queued, job=options["job"])
        resumed = not options["job"] and run.job != f"{source.name}-{run.pk}"
        if shared and resumed:  # a joined job shares the frontier; a resumed one starts it over
            services.frontier_clear(run.job)  # a killed job's seen set would hide unfetched pages
        conf = runner.scrapy_settings(
            profile,
            run_id=run.pk,
            warc_path=run.warc_path,
            job=run.job,
            limit=options["limit"],
            shared=shared,
        )
        try:
            stats = runner.crawl(profile, conf, skip_urls=skip, shared=shared)
        except Exception as e:  # keep what was captured, say what broke
            counts = {}
            services.run_close(
                run=run, status=CrawlRun.Status.FAILED, message=f"The crawler stopped: {e}."
            )
            raise CommandError(f"crawl {run.pk} failed: {e}", returncode=1) from None
        counts = counters(_Stats(stats))
        status, message = runner.outcome(stats, counts, joined=shared and bool(options["job"]))
        run = services.run_close(run=run, status=status, message=message, counts=counts)
        self.stdout.write(
            json.dumps(
                {
                    "run": run.pk,
                    "status": run.status,
                    "message": message,
                    "warc_sha256": run.warc_sha256,
                }
            )
        )
        if status == CrawlRun.Status.FAILED:
            sys.stdout.flush()
            raise CommandError(f"run {run.pk} failed: {message}", returncode=1)

    def _refuse(self, queued, message):
        if queued is not None:
            from signaal.crawling import services
            from signaal.crawling.models import CrawlRun

            services.run_close(run=queued, status=CrawlRun.Status.FAILED, message=message)
        raise CommandError(message, returncode=2)


class _Stats:
    """Scrapy's stats dict behind the StatsCollector methods `counters` uses."""

    def __init__(self, stats: dict):
        self.stats = stats

    def get_value(self, key, default=None):
        return self.stats.get(key, default)

    def get_stats(self):
        return self.stats
