"""Reads for cases. Visibility lives here: a case outside it is a 404, never a 403."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from signaal.accounts import access
from signaal.audit.models import AuditEvent
from signaal.cases.models import Case, CaseSelector


def cases_visible_to(user) -> QuerySet[Case]:
    if not access.can(user, "case.view"):
        return Case.objects.none()
    if user.role == access.COORDINATOR:
        return Case.objects.all()
    mine = Q(investigators=user)
    if user.team_id:
        mine |= Q(team_id=user.team_id)
    return Case.objects.filter(mine).distinct()


def case_timeline(case: Case) -> QuerySet[AuditEvent]:
    """Everything that happened to the case, from the audit log (one source of truth)."""
    return AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by(
        "seq"
    )


@dataclass(frozen=True)
class Sighting:
    where: str  # "case", "report" or "ad"
    label: str
    url: str | None
    seen_at: datetime | None
    city: str = ""


def seen_elsewhere(selector: CaseSelector, *, user) -> list[Sighting]:
    """Other cases, reports and crawled ads that share this selector."""
    sightings: list[Sighting] = []
    others = (
        CaseSelector.objects.filter(digest=selector.digest)
        .exclude(case_id=selector.case_id)
        .select_related("case")
    )
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    for other in others:
        case = other.case
        sightings.append(
            Sighting(
                "case",
                case.number if case.pk in visible else case.number + " (geen toegang)",
                case.get_absolute_url() if case.pk in visible else None,
                case.opened_at,
            )
        )
    from signaal.intake.models import ReportSelector

    linked_reports = selector.case.reports.values_list("pk", flat=True)
    for hit in (
        ReportSelector.objects.filter(digest=selector.digest)
        .exclude(report_id__in=linked_reports)
        .select_related("report")
    ):
        sightings.append(Sighting("report", hit.report.reference, None, hit.report.created_at))
    if access.can(user, "ads.view"):
        sightings.extend(ad_sightings(selector.digest))
    return sorted(sightings, key=lambda s: (s.seen_at is None, s.seen_at))


def ad_sightings(digest: str, limit: int = 50) -> list[Sighting]:
    """Crawled ads whose current content holds the selector with this digest."""
    from django.urls import reverse

    from signaal.crawling.models import AdSelector

    hits = (
        AdSelector.objects.filter(digest=digest)
        .select_related("ad")
        .order_by("-ad__last_seen")[:limit]
    )
    return [
        Sighting(
            "ad",
            hit.ad.title[:80] or hit.ad.key,
            reverse("ads:detail", args=[hit.ad.pk]),
            hit.ad.last_seen,
            hit.ad.city,
        )
        for hit in hits
    ]
