"""Reads for the staff pages: sources, runs, ads with filters, an ad's capture and network."""

from __future__ import annotations

import io
from dataclasses import dataclass

from signaal.crawling.models import Ad, AdVersion, CrawlRun, Network, Source
from signaal.vault import blobs

CAPTURE_MAX_BYTES = 2 * 1024 * 1024


def sources():
    return Source.objects.all()


def runs():
    return CrawlRun.objects.select_related("source")


@dataclass(frozen=True)
class AdFilters:
    site: str = ""
    city: str = ""
    category: str = ""
    since: str = ""  # YYYY-MM-DD, last seen on or after
    cluster: str = ""
    flagged: bool = False


def ads(filters: AdFilters):
    qs = Ad.objects.only(
        "pk",
        "key",
        "site",
        "title",
        "city",
        "score",
        "categories",
        "cluster_id",
        "last_seen",
        "version_count",
    )
    if filters.site:
        qs = qs.filter(site=filters.site)
    if filters.city:
        qs = qs.filter(city__iexact=filters.city)
    if filters.category:
        qs = qs.filter(categories__contains=f",{filters.category},")
    if filters.since:
        qs = qs.filter(last_seen__date__gte=filters.since)
    if filters.cluster:
        qs = qs.filter(cluster_id=filters.cluster)
    if filters.flagged:
        qs = qs.filter(score__gte=50)
    return qs.order_by("-score", "-last_seen", "pk")


def filter_choices() -> dict:
    return {
        "sites": list(Ad.objects.order_by().values_list("site", flat=True).distinct()),
        "cities": sorted(
            set(Ad.objects.exclude(city="").order_by().values_list("city", flat=True).distinct())
        ),
        "categories": ["minor", "control", "movement", "coercion", "volume", "language"],
    }


def networks(limit: int = 20):
    return Network.objects.order_by("-size")[:limit]


def network_of(ad: Ad) -> Network | None:
    if not ad.cluster_id:
        return None
    return Network.objects.filter(cluster_id=ad.cluster_id).first()


def network_members(network: Network):
    return Ad.objects.filter(key__in=network.members).only(
        "pk", "key", "title", "city", "score", "posted_at"
    )


def versions(ad: Ad):
    return AdVersion.objects.filter(ad=ad).select_related("run", "capture_run").order_by("-pk")


def highlighted(text: str, indicators: list[dict], field: str) -> list[dict]:
    """`text` cut into parts; parts covered by an indicator carry its explanation (for <mark>)."""
    spans = sorted(
        (i for i in indicators if i.get("field", "text") == field and _span(i)),
        key=lambda i: (_span(i)[0], -_span(i)[1]),
    )
    parts, pos = [], 0
    for ind in spans:
        start, end = _span(ind)
        if start < pos or end > len(text):
            continue  # overlapping spans: the first one wins
        if start > pos:
            parts.append({"text": text[pos:start]})
        explanation = ind.get("explanation") or {}
        if isinstance(explanation, dict):
            explanation = explanation.get("nl") or explanation.get("en") or ""
        parts.append(
            {"text": text[start:end], "mark": True, "explanation": explanation, "id": ind.get("id")}
        )
        pos = end
    if pos < len(text):
        parts.append({"text": text[pos:]})
    return parts


def _span(item: dict) -> tuple[int, int] | None:
    span = item.get("span")
    if (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(v, int) for v in span)
        and span[0] < span[1]
    ):
        return span[0], span[1]
    return None


def capture_html(version: AdVersion) -> str | None:
    """The captured response body of a version, from its run's WARC in the vault."""
    run = version.capture_run or version.run
    if run.warc_blob_id is None or version.warc_offset is None:
        return None
    from signaal.crawling.crawler.warc import read_record

    need = version.warc_offset + (version.warc_length or CAPTURE_MAX_BYTES)
    buf = io.BytesIO()
    for chunk in blobs.chunks(run.warc_blob):
        buf.write(chunk)
        if buf.tell() >= need:
            break
    found = read_record(buf, version.warc_offset)
    if found is None:
        return None
    _, _, body = found
    return body[:CAPTURE_MAX_BYTES].decode("utf-8", errors="replace")
