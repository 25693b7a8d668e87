"""Reads for staff: which reports a user may see, the screening queue, deadlines, counts.

Every staff read goes through `reports_visible_to`, so a guessed id is a 404.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaal.accounts import access
from signaal.intake.models import ACKNOWLEDGE_WITHIN, Report, ReportMessage
from signaal.staff.queries import QueueCount

OPEN = (Report.Status.NEW, Report.Status.SCREENING)
URGENT = Q(danger_now=True) | Q(possible_minor=True)
UNREAD = Q(
    messages__direction=ReportMessage.Direction.FROM_REPORTER,
    messages__read_by_staff_at__isnull=True,
)
# What the reporter wrote: not needed for a list, so not decrypted for one.
ENCRYPTED = (
    "what_happened",
    "where_online",
    "when_happened",
    "contact_name",
    "contact_email",
    "contact_phone",
)
STATUS_FILTERS = {
    "open": OPEN,
    **{status.value: (status.value,) for status in Report.Status},
    "all": None,
}


def reports_visible_to(user) -> QuerySet[Report]:
    """All reports for those who screen them; none for anyone else (for now)."""
    if access.can(user, "report.screen"):
        return Report.objects.all()
    return Report.objects.none()


def screening_queue(
    user,
    *,
    status: str = "open",
    label: str = "",
    assignee: str = "",
    urgent: bool = False,
    overdue: str = "",
    unread: bool = False,
    now: datetime | None = None,
) -> QuerySet[Report]:
    """The queue: urgent first (danger now or a possible minor), then newest."""
    now = now or timezone.now()
    reports = (
        reports_visible_to(user)
        .defer(*ENCRYPTED)
        .annotate(
            urgency=Case(
                When(URGENT, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            unread=Count("messages", filter=UNREAD),
        )
        .select_related("assigned_to")
        .prefetch_related("labels")
    )
    statuses = STATUS_FILTERS.get(status, OPEN)
    if statuses is not None:
        reports = reports.filter(status__in=statuses)
    if label:
        reports = reports.filter(labels__name=label)
    if assignee == "mine":
        reports = reports.filter(assigned_to=user)
    elif assignee == "unassigned":
        reports = reports.filter(assigned_to__isnull=True)
    if urgent:
        reports = reports.filter(URGENT)
    if overdue == "ack":
        reports = reports.filter(
            acknowledged_at__isnull=True, created_at__lt=now - ACKNOWLEDGE_WITHIN
        )
    if unread:
        reports = reports.filter(unread__gt=0)
    return reports.order_by("-urgency", "-created_at", "-pk")


def report_for_staff(user, report_id: int) -> Report:
    """One report with what its detail page shows; Report.DoesNotExist if not visible."""
    return (
        reports_visible_to(user)
        .select_related("assigned_to", "entered_by")
        .prefetch_related("labels", "selectors", "notes__author", "messages__author")
        .get(pk=report_id)
    )


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime
    done_at: datetime | None
    state: str  # "done", "due" or "overdue"

    @property
    def state_label(self) -> str:
        return {"done": _("gedaan"), "due": _("te doen"), "overdue": _("te laat")}[self.state]


def _deadline(label, due, done_at, now) -> Deadline:
    if done_at is not None:
        state = "done"
    elif now > due:
        state = "overdue"
    else:
        state = "due"
    return Deadline(label=label, due=due, done_at=done_at, state=state)


def deadlines(report: Report, now: datetime | None = None) -> list[Deadline]:
    """Acknowledge within 7 days, feedback within 3 months."""
    now = now or timezone.now()
    return [
        _deadline(_("Ontvangst bevestigen"), report.acknowledge_due, report.acknowledged_at, now),
        _deadline(_("Terugkoppeling"), report.feedback_due, report.feedback_at, now),
    ]


def report_queue_counts(user) -> list[QueueCount]:
    """Counts for the staff home page; only those with something waiting."""
    if not access.can(user, "report.screen"):
        return []
    now = timezone.now()
    unread = (
        reports_visible_to(user)
        .filter(UNREAD, shredded_at__isnull=True)
        .values("pk")
        .distinct()
        .count()
    )
    counts = (
        reports_visible_to(user)
        .filter(status__in=OPEN)
        .aggregate(
            new=Count("pk", filter=Q(status=Report.Status.NEW)),
            urgent=Count("pk", filter=URGENT),
            mine=Count("pk", filter=Q(assigned_to=user)),
            late=Count(
                "pk",
                filter=Q(acknowledged_at__isnull=True, created_at__lt=now - ACKNOWLEDGE_WITHIN),
            ),
        )
    )
    url = reverse("reports:queue")
    cards = [
        QueueCount(_("Nieuwe meldingen"), counts["new"], f"{url}?status=new"),
        QueueCount(_("Urgent"), counts["urgent"], f"{url}?urgent=1"),
        QueueCount(_("Aan mij toegewezen"), counts["mine"], f"{url}?assignee=mine"),
        QueueCount(_("Bevestiging te laat"), counts["late"], f"{url}?overdue=ack"),
        # Also for closed reports: a reporter's follow-up may reopen one.
        QueueCount(_("Nieuwe berichten van melders"), unread, f"{url}?status=all&unread=1"),
    ]
    return [card for card in cards if card.count]
