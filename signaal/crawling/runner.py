"""Run one crawl in this OS process: Scrapy settings from the profile, then the run's outcome."""

from __future__ import annotations

import logging

from django.conf import settings as django_settings

from signaal.crawling.profiles import Profile

MW = "signaal.crawling.crawler.middlewares"


def scrapy_settings(
    profile: Profile,
    *,
    run_id: int | None,
    warc_path: str | None,
    job: str = "",
    limit: int = 0,
    shared: bool = False,
) -> dict:
    p = profile.politeness
    s = {
        "BOT_NAME": "signaal",
        "USER_AGENT": f"SignaalCrawler/{django_settings.SIGNAAL_VERSION} (hotline research)",
        # Plain Twisted reactor: the pipelines use the Django ORM synchronously.
        "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",
        "LOG_LEVEL": "WARNING",
        "LOG_ENABLED": False,  # Django's logging (stderr, WARNING) shows what matters
        "LOG_INSTALL_ROOT_HANDLER": False,  # Django's logging configuration stays in charge
        "REMOTE_CONTROL_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "ROBOTSTXT_OBEY": p.obey_robots,
        "CONCURRENT_REQUESTS": p.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": p.concurrency,
        "DOWNLOAD_DELAY": p.delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if p.delay > 0 else 0,
        "AUTOTHROTTLE_ENABLED": p.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(p.delay, 0.05),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(p.concurrency),
        "DOWNLOAD_TIMEOUT": p.timeout,
        "DOWNLOAD_MAXSIZE": p.max_page_bytes,
        "DOWNLOAD_WARNSIZE": p.max_page_bytes // 2,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": p.retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "SIGNAAL_RETRY_BACKOFF": 0.5,
        "REDIRECT_MAX_TIMES": 5,
        "CLOSESPIDER_TIMEOUT": p.max_seconds,
        "CLOSESPIDER_PAGECOUNT": p.max_pages,
        "CLOSESPIDER_ERRORCOUNT": p.max_errors,
        "CLOSESPIDER_ITEMCOUNT": limit,
        "DNS_TIMEOUT": min(p.timeout, 10),
        "SIGNAAL_ALLOWED_NETWORK": django_settings.CRAWL_ALLOWED_NETWORK,
        "SIGNAAL_RUN_ID": run_id or 0,
        "SIGNAAL_WARC_PATH": warc_path or "",
        "SIGNAAL_WARC_INFO": {"profile": profile.name, "run": str(run_id or ""), "job": job},
        "DOWNLOADER_MIDDLEWARES": {
            f"{MW}.NetworkPolicyMiddleware": 10,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            f"{MW}.BackoffRetryMiddleware": 550,
            **({f"{MW}.WarcCaptureMiddleware": 950} if warc_path else {}),
            f"{MW}.ImageDigestMiddleware": 960,
        },
        "EXTENSIONS": {
            **({"signaal.crawling.crawler.extensions.RunProgress": 500} if run_id else {}),
            **({"signaal.crawling.crawler.extensions.Linking": 510} if run_id else {}),
            **(
                {"signaal.crawling.crawler.extensions.SharedFrontierKeepAlive": 500}
                if shared
                else {}
            ),
        },
        "ITEM_PIPELINES": (
            {"signaal.crawling.crawler.pipelines.PrintPipeline": 100}
            if run_id is None
            else {"signaal.crawling.crawler.pipelines.IngestPipeline": 100}
        ),
        # Depth first: an ad's images are fetched right after it, so items complete early.
        "DEPTH_PRIORITY": 0,
    }
    if shared:
        from signaal.crawling.services import frontier_keys

        queue_key, seen_key = frontier_keys(job)
        s.update(
            {
                "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
                "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
                "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
                "SCHEDULER_PERSIST": True,
                "SCHEDULER_QUEUE_KEY": queue_key,
                "SCHEDULER_DUPEFILTER_KEY": seen_key,
                "REDIS_URL": django_settings.REDIS_URL,
                "SIGNAAL_SHARED_FRONTIER": True,
            }
        )
    return s


def crawl(profile: Profile, scrapy_conf: dict, *, skip_urls=(), shared: bool = False) -> dict:
    """Run the spider to the end; returns Scrapy's stats and the close reason."""
    from scrapy.crawler import CrawlerProcess

    from signaal.crawling.crawler.spider import ProfileSpider

    level = logging.getLevelName(django_settings.LOGGING["root"]["level"])
    # Scrapy's own logging set-up opens every logger to DEBUG; Django's level applies instead.
    logging.disable(logging.INFO)
    try:
        process = CrawlerProcess(settings=scrapy_conf)
    finally:
        logging.disable(logging.NOTSET)
    logging.getLogger().setLevel(level)
    # Page errors are counted into the run's status and message; their log lines (with
    # tracebacks) show only when SIGNAAL_LOG_LEVEL asks for INFO or DEBUG.
    for name in ("scrapy", "twisted", "PIL", "py.warnings"):
        logging.getLogger(name).setLevel(level if level < logging.WARNING else logging.CRITICAL)
    crawler = process.create_crawler(ProfileSpider)
    process.crawl(crawler, profile=profile, skip_urls=skip_urls, shared_frontier=shared)
    process.start(install_signal_handlers=True)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return stats


def outcome(stats: dict, counts: dict, *, joined: bool = False) -> tuple[str, str]:
    """The run's status and a sentence that says what happened."""
    from signaal.crawling.models import CrawlRun

    reason = stats.get("finish_reason", "unknown")
    # robots.txt answers from the host root even when every page fails.
    ok_pages = stats.get("downloader/response_status_count/200", 0) - stats.get(
        "robotstxt/response_status_count/200", 0
    )
    refused = stats.get("signaal/refused_host", 0)
    summary = (
        f"{counts['pages']} pages, {counts['ads']} ads ({counts['new']} new, {counts['changed']} changed), "
        f"{counts['errors']} errors"
    )
    if refused and not ok_pages:
        return CrawlRun.Status.FAILED, (
            f"Refused: the profile points outside the allowed network ({refused} requests refused). {summary}."
        )
    forbidden = stats.get("robotstxt/forbidden", 0)
    if not ok_pages and forbidden:
        return CrawlRun.Status.FAILED, (
            f"robots.txt of the site forbids the start pages ({forbidden} requests not sent); "
            f"set politeness.obey_robots only with a documented reason. {summary}."
        )
    if not ok_pages and joined and not counts["errors"]:
        return CrawlRun.Status.FINISHED, (
            f"Finished: the other processes of this job had already fetched every page. {summary}."
        )
    if not ok_pages:
        exc = [
            k.rsplit("/", 1)[-1] for k in stats if k.startswith("downloader/exception_type_count/")
        ]
        why = f" ({', '.join(exc)})" if exc else ""
        return (
            CrawlRun.Status.FAILED,
            f"No page could be fetched{why}; check that the site is up. {summary}.",
        )
    guards = {
        "closespider_timeout": "the run reached its time limit",
        "closespider_pagecount": "the run reached its page limit",
        "closespider_errorcount": "the run reached its error limit",
        "closespider_itemcount": "the run reached its ad limit",
        "shutdown": "the run was stopped",
    }
    if reason in guards:
        return CrawlRun.Status.PARTIAL, f"Stopped early: {guards[reason]}. {summary}."
    if counts["ads"] == 0 and stats.get("signaal/ingest_errors"):
        return CrawlRun.Status.FAILED, (
            f"Ads were read but could not be stored ({stats['signaal/ingest_errors']}); "
            f"check the database (signaal migrate) and the error log. {summary}."
        )
    if counts["ads"] == 0:
        return CrawlRun.Status.FAILED, (
            f"No ads could be read: the site answers something the profile does not expect. {summary}."
        )
    if counts["errors"]:
        return CrawlRun.Status.PARTIAL, f"Finished with errors. {summary}."
    return CrawlRun.Status.FINISHED, f"Finished: {summary}."
