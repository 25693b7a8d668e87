"""Reads for decoys. Visibility lives here: a decoy profile outside it is a 404."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from signaal.accounts import access
from signaal.audit.models import AuditEvent
from signaal.decoys import signals
from signaal.decoys.governance import REASONS, deployment_is_live
from signaal.decoys.models import (
    Contact,
    Conversation,
    ConversationSelector,
    DailyView,
    Deployment,
    OutboundMessage,
    QuarantinedMedia,
)
from signaal.decoys.topics import TOPIC_LABELS

MIN_GROUP = 5


def deployments_visible_to(user) -> QuerySet[Deployment]:
    """Coordinators see every deployment; others every decoy ad and the profiles they operate."""
    if not access.can(user, "decoy.view"):
        return Deployment.objects.none()
    if user.role == access.COORDINATOR:
        return Deployment.objects.all()
    return Deployment.objects.filter(
        Q(kind=Deployment.Kind.AD) | Q(operators=user) | Q(created_by=user)
    ).distinct()


def conversations_visible_to(user) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        deployment__in=deployments_visible_to(user).filter(kind=Deployment.Kind.PROFILE)
    )


def media_visible_to(user) -> QuerySet[QuarantinedMedia]:
    return QuarantinedMedia.objects.filter(deployment__in=deployments_visible_to(user))


def live_status(deployment: Deployment) -> tuple[bool, str]:
    live, reason = deployment_is_live(deployment, timezone.now())
    return live, REASONS[reason]


@dataclass(frozen=True)
class Figures:
    landing_views: int = 0
    contacts: int = 0
    repeat_contacts: int = 0
    messages_in: int = 0
    warned: int = 0


def figures(deployments=None) -> dict[int, Figures]:
    """Per deployment: landing views, first contacts, contacts who wrote again,
    messages received and contacts warned ("klanten gewaarschuwd")."""
    qs = Deployment.objects.filter(kind=Deployment.Kind.AD)
    if deployments is not None:
        qs = qs.filter(pk__in=[d.pk for d in deployments])
    views = dict(
        DailyView.objects.filter(deployment__in=qs)
        .values_list("deployment")
        .annotate(n=Sum("views"))
        .values_list("deployment", "n")
    )
    contacts = {
        row["deployment"]: row
        for row in Contact.objects.filter(deployment__in=qs)
        .values("deployment")
        .annotate(
            n=Count("pk"),
            repeat=Count("pk", filter=Q(messages_in__gt=1)),
            warned=Count("pk", filter=Q(warned_at__isnull=False)),
            messages=Sum("messages_in"),
        )
    }
    result = {}
    for pk in qs.values_list("pk", flat=True):
        row = contacts.get(pk, {})
        result[pk] = Figures(
            landing_views=views.get(pk, 0) or 0,
            contacts=row.get("n", 0),
            repeat_contacts=row.get("repeat", 0),
            messages_in=row.get("messages", 0) or 0,
            warned=row.get("warned", 0),
        )
    return result


def totals(per_deployment: dict[int, Figures]) -> Figures:
    """Overall figures. Contacts are pseudonymised per deployment, so one person who
    wrote to two decoy ads counts twice: the totals are sums, not distinct people."""
    return Figures(
        *(
            sum(getattr(f, name) for f in per_deployment.values())
            for name in Figures.__dataclass_fields__
        )
    )


def small(n: int) -> str:
    """Minimum group size for anything exported: counts below 5 become '<5'."""
    return f"<{MIN_GROUP}" if n < MIN_GROUP else str(n)


def outbound_for(deployment: Deployment) -> QuerySet[OutboundMessage]:
    return deployment.outbound.order_by("-created_at")[:50]


def deployment_events(deployment: Deployment) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="decoys.deployment", object_id=str(deployment.pk)
    ).order_by("-seq")


@dataclass(frozen=True)
class MessageView:
    message: object
    signals: list
    attachments: list
    topics: list


def conversation_messages(conversation: Conversation) -> list[MessageView]:
    rules = signals.rules()
    result = []
    for message in conversation.messages.all():
        result.append(
            MessageView(
                message=message,
                signals=[rules[s] for s in message.signals if s in rules],
                attachments=json.loads(message.attachments or "[]"),
                topics=[TOPIC_LABELS.get(t, t) for t in message.topics],
            )
        )
    return result


WHERE_LABELS = {"case": "Zaak", "report": "Melding", "conversation": "Gesprek", "ad": "Advertentie"}


@dataclass(frozen=True)
class Match:
    where: str  # "case", "report", "conversation" or "ad"
    label: str
    url: str | None

    @property
    def where_label(self) -> str:
        return WHERE_LABELS[self.where]


def first_raised_rows(conversation) -> list[tuple[str, dict]]:
    """(Dutch topic label, {"by", "index"}) per topic, in the order the topics came up."""
    items = sorted(conversation.first_raised.items(), key=lambda item: item[1]["index"])
    return [(TOPIC_LABELS.get(topic, topic), who) for topic, who in items]


def selector_matches(selector: ConversationSelector, *, user) -> list[Match]:
    """Cases, reports, ads and other conversations that share this selector's digest."""
    from signaal.cases.models import CaseSelector
    from signaal.cases.queries import ad_sightings, cases_visible_to
    from signaal.intake.models import ReportSelector

    matches: list[Match] = []
    visible_cases = set(cases_visible_to(user).values_list("pk", flat=True))
    for hit in CaseSelector.objects.filter(digest=selector.digest).select_related("case"):
        case = hit.case
        if case.pk in visible_cases:
            matches.append(Match("case", case.number, case.get_absolute_url()))
        else:
            matches.append(Match("case", f"{case.number} (geen toegang)", None))
    may_screen = access.can(user, "report.screen")
    for hit in ReportSelector.objects.filter(digest=selector.digest).select_related("report"):
        label = hit.report.reference if may_screen else "melding (geen toegang)"
        matches.append(Match("report", label, None))
    visible_conversations = set(conversations_visible_to(user).values_list("pk", flat=True))
    for hit in (
        ConversationSelector.objects.filter(digest=selector.digest)
        .exclude(conversation_id=selector.conversation_id)
        .select_related("conversation__deployment")
    ):
        c = hit.conversation
        if c.pk in visible_conversations:
            matches.append(Match("conversation", c.deployment.name, c.get_absolute_url()))
        else:
            matches.append(Match("conversation", "gesprek (geen toegang)", None))
    if access.can(user, "ads.view"):
        for seen in ad_sightings(selector.digest):
            matches.append(Match("ad", seen.label, seen.url))
    return matches
