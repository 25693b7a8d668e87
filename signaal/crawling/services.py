"""Writes for crawling: sources, runs (start, progress, finish, recovery) and ad ingest."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from signaal.accounts import access
from signaal.analysis import AdAnalysis, score_ad
from signaal.audit import services as audit
from signaal.crawling import ingest
from signaal.crawling.crawler import warc
from signaal.crawling.models import Ad, AdSelector, AdVersion, CrawlRun, Source
from signaal.crawling.profiles import Profile
from signaal.vault import blobs

# A running run whose process is gone, or that has not reported for this long, was killed.
STALE_AFTER = timedelta(minutes=10)


def warc_dir() -> Path:
    return Path(settings.DATA_DIR) / "crawl" / "warc"


@transaction.atomic
def source_sync(*, profile: Profile, base_url: str = "", actor) -> Source:
    """The Source for a profile, created or updated to match it."""
    if actor is not None:
        access.require(actor, "sources.manage")
    source, created = Source.objects.get_or_create(
        name=profile.name,
        defaults={
            "profile_path": profile.path,
            "schedule": profile.schedule or "",
            "base_url": base_url,
        },
    )
    changes = {"profile_path": profile.path, "schedule": profile.schedule or ""}
    if base_url:
        changes["base_url"] = base_url
    if created or any(getattr(source, k) != v for k, v in changes.items()):
        for k, v in changes.items():
            setattr(source, k, v)
        source.save()
        audit.record(
            actor=actor, action="source.sync", obj=source, details={"created": created, **changes}
        )
    return source


@transaction.atomic
def crawl_request(*, source: Source, actor) -> CrawlRun:
    """Queue a crawl of `source` ("crawl now", or the schedule when actor is None)."""
    if actor is not None:
        access.require(actor, "crawl.run")
    run = CrawlRun.objects.create(source=source, job="", requested_by=actor)
    audit.record(actor=actor, action="crawl.request", obj=run, details={"source": source.name})
    from signaal.crawling import tasks

    transaction.on_commit(lambda: tasks.crawl_run(run.pk))
    return run


def _alive(run: CrawlRun) -> bool:
    if run.heartbeat_at and timezone.now() - run.heartbeat_at > STALE_AFTER:
        return False
    if run.pid and run.hostname == socket.gethostname():
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True


def runs_recover(*, source: Source) -> list[CrawlRun]:
    """Close runs of `source` whose process died: keep their WARC up to the last complete record."""
    recovered = []
    for run in CrawlRun.objects.filter(source=source, status=CrawlRun.Status.RUNNING):
        if _alive(run):
            continue
        run_close(
            run=run,
            status=CrawlRun.Status.INTERRUPTED,
            message="The crawl process stopped without finishing; the next run continues where it left off.",
        )
        recovered.append(run)
    return recovered


@transaction.atomic
def run_begin(
    *, source: Source, run: CrawlRun | None = None, job: str = ""
) -> tuple[CrawlRun, set]:
    """Mark a run as running in this process; returns it and the detail URLs to skip on resume."""
    if run is None:
        run = CrawlRun.objects.create(source=source, job="")
    skip: set[str] = set()
    if not job:
        previous = CrawlRun.objects.filter(source=source, pk__lt=run.pk).order_by("-pk").first()
        if previous is not None and previous.status == CrawlRun.Status.INTERRUPTED:
            job = previous.job
        else:
            job = f"{source.name}-{run.pk}"
    if job != f"{source.name}-{run.pk}":
        # Continue a killed crawl: what it already ingested is not fetched again.
        skip = set(
            Ad.objects.filter(source=source, last_run__job=job).values_list("url", flat=True)
        )
    path = warc_dir() / f"{source.name}-{run.pk}.warc.gz"
    now = timezone.now()
    run.job = job
    run.status = CrawlRun.Status.RUNNING
    run.started_at = run.heartbeat_at = now
    run.pid = os.getpid()
    run.hostname = socket.gethostname()
    run.warc_path = str(path)
    run.save()
    audit.record(
        actor=None,
        action="crawl.start",
        obj=run,
        details={
            "source": source.name,
            "job": job,
            "resumed_with": len(skip),
            "version": settings.SIGNAAL_VERSION,
        },
    )
    return run, skip


def run_progress(*, run_id: int, counts: dict) -> None:
    """Counters and heartbeat from the crawl process (no audit: progress is not an action)."""
    CrawlRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now(), **counts)


@transaction.atomic
def run_close(*, run: CrawlRun, status: str, message: str, counts: dict | None = None) -> CrawlRun:
    """End a run: store its WARC in the vault with its SHA-256, then the status."""
    run = CrawlRun.objects.select_for_update().get(pk=run.pk)
    path = Path(run.warc_path) if run.warc_path else None
    if path is not None and path.exists() and run.warc_blob_id is None:
        records = warc.recover(path)
        with open(path, "rb") as f:
            blob = blobs.put(f)
        run.warc_blob, run.warc_sha256, run.warc_records = blob, blob.sha256, records
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
    for k, v in (counts or {}).items():
        setattr(run, k, v)
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    audit.record(
        actor=None,
        action="crawl.finish",
        obj=run,
        details={
            "status": status,
            "pages": run.pages,
            "ads": run.ads,
            "warc_sha256": run.warc_sha256,
            "warc_records": run.warc_records,
        },
    )
    others = CrawlRun.objects.filter(job=run.job, status=CrawlRun.Status.RUNNING).exclude(pk=run.pk)
    if run.job and status != CrawlRun.Status.INTERRUPTED and not others.exists():
        transaction.on_commit(lambda: frontier_clear(run.job))
    return run


def frontier_clear(job: str) -> None:
    """Forget a finished job's shared frontier (queue and seen set)."""
    if not settings.REDIS_URL:
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(*frontier_keys(job))


def frontier_keys(job: str) -> tuple[str, str]:
    return f"signaal:crawl:{job}:requests", f"signaal:crawl:{job}:dupefilter"


@dataclass
class IngestResult:
    ad_id: int
    outcome: str  # new, changed, seen
    version_id: int | None
    analysis: AdAnalysis | None


def ad_ingest(*, source: Source, run: CrawlRun, item: dict, actor) -> IngestResult:
    """Store one crawled ad; see `ads_ingest`."""
    return ads_ingest(source=source, run=run, items=[item], actor=actor)[0]


@transaction.atomic
def ads_ingest(*, source: Source, run: CrawlRun, items: list[dict], actor) -> list[IngestResult]:
    """Store crawled ads in one transaction: a new AdVersion only when an ad's content changed.

    New and changed ads are scored on the way (`signaal.analysis.score_ad`); linking
    follows separately (`linking.link_pending`). Ingest is not audited per ad: the
    run's start and finish are, with the WARC's SHA-256 that holds every page.
    """
    if actor is not None:
        access.require(actor, "crawl.run")
    now = timezone.now()
    records = [ingest.record_from_item(item, seen_at=now.isoformat()) for item in items]
    keys = [r["id"] for r in records]
    existing = {ad.key: ad for ad in Ad.objects.select_for_update().filter(key__in=keys)}
    results, versions, seen = [], [], []
    for item, record in zip(items, records, strict=True):
        digest = ingest.content_hash(record)
        ad = existing.get(record["id"])
        if ad is not None and ad.content_hash == digest:
            seen.append(ad.pk)
            results.append(IngestResult(ad.pk, "seen", None, None))
            continue
        analysis = score_ad(record)
        outcome = "new" if ad is None else "changed"
        if ad is None:
            ad = Ad(
                source=source,
                key=record["id"],
                site=record["site"],
                external_id=str(item["external_id"]),
                first_seen=now,
            )
        else:
            ad.version_count += 1
        _ad_apply(ad, record, analysis, digest, run, now)
        ad.save()
        _ad_selectors_index(ad, analysis)
        existing[ad.key] = ad
        capture = item.get("capture") or {}
        versions.append(
            AdVersion(
                ad=ad,
                run=run,
                # With a shared frontier another process may have fetched the page into its WARC.
                capture_run_id=capture.get("run_id") or run.pk,
                seen_at=now,
                content_hash=digest,
                fields={k: record[k] for k in ("url", "site", *ingest.CONTENT_FIELDS)},
                warc_record_id=capture.get("record_id", ""),
                warc_offset=capture.get("offset"),
                warc_length=capture.get("length"),
                response_sha256=capture.get("sha256", ""),
            )
        )
        results.append(IngestResult(ad.pk, outcome, None, analysis))
    if seen:
        Ad.objects.filter(pk__in=seen).update(last_seen=now, last_run=run)
    created = iter(AdVersion.objects.bulk_create(versions))
    for result in results:
        if result.outcome != "seen":
            result.version_id = next(created).pk
    return results


def _ad_selectors_index(ad: Ad, analysis: AdAnalysis) -> None:
    """Index the current selectors for cross-matching with reports and cases."""
    from signaal.vault import keys as vault_keys

    AdSelector.objects.filter(ad=ad).delete()
    rows = {}
    for selector in analysis.selectors:
        digest = vault_keys.digest("selector", f"{selector.kind}:{selector.value}")
        rows.setdefault(
            digest, AdSelector(ad=ad, kind=selector.kind, value=selector.value[:500], digest=digest)
        )
    AdSelector.objects.bulk_create(rows.values())


def _ad_apply(ad: Ad, record: dict, analysis: AdAnalysis, digest: str, run, now) -> None:
    ad.url = record["url"][:2000]
    ad.last_seen = now
    ad.last_run = run
    ad.title = record["title"]
    ad.text = record["text"]
    ad.city = (record["city"] or "")[:200]
    age = record["age"]
    ad.age = age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age < 200 else None
    ad.posted_at = (record["posted_at"] or "")[:40]
    ad.phones = record["phones"]
    ad.images = record["images"]
    ad.score = analysis.score
    cats = sorted({i.category for i in analysis.indicators})
    ad.categories = f",{','.join(cats)}," if cats else ""
    ad.analysis = analysis.to_dict()
    ad.content_hash = digest


@transaction.atomic
def ad_open(*, ad: Ad, actor) -> None:
    """Record that a staff member opened an ad (reads are audited too)."""
    access.require(actor, "ads.view")
    audit.record(actor=actor, action="ad.view", obj=ad, details={"key": ad.key})
