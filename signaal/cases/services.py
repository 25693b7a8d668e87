"""Writes for cases. Each runs in one transaction, checks access first and writes
its audit row against the case, so the audit log is the case's timeline."""

import io
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from signaal.accounts import access
from signaal.audit import services as audit
from signaal.cases.models import (
    Case,
    CaseNote,
    CaseSelector,
    CaseTask,
    CustodyEvent,
    EvidenceItem,
    Handover,
)
from signaal.vault import blobs, keys

TOOL = "Signaal"
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024

# Allowed moves; handing over goes through case_hand_over, closing needs a reason.
TRANSITIONS = {
    Case.Status.OPEN: {Case.Status.INVESTIGATING, Case.Status.CLOSED},
    Case.Status.INVESTIGATING: {Case.Status.READY, Case.Status.CLOSED},
    Case.Status.READY: {Case.Status.INVESTIGATING, Case.Status.CLOSED},
    Case.Status.HANDED_OVER: {Case.Status.CLOSED},
    Case.Status.CLOSED: set(),
}


def tool_version() -> str:
    return settings.SIGNAAL_VERSION


def _require_case_access(actor, case: Case, permission: str) -> None:
    """The permission, and the case must be one the actor can see."""
    from signaal.cases.queries import cases_visible_to

    access.require(actor, permission)
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied("case not visible")


def _next_number(year: int) -> str:
    prefix = f"WN-{year}-"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:04d}"


def _next_exhibit(case: Case) -> str:
    last = case.evidence.order_by("-exhibit_number").values_list("exhibit_number", flat=True)
    n = int(last.first().rsplit("-E", 1)[1]) + 1 if last.exists() else 1
    return f"{case.number}-E{n:02d}"


def _custody(item: EvidenceItem, action: str, actor, **details) -> CustodyEvent:
    event = CustodyEvent.objects.create(
        evidence=item,
        action=action,
        actor=actor,
        actor_label=actor.get_username() if actor else "system",
        tool=TOOL,
        tool_version=tool_version(),
        details=details,
    )
    audit.record(
        actor=actor,
        action=f"evidence.{action}",
        obj=item.case,
        details={"exhibit": item.exhibit_number, "sha256": item.sha256, **details},
    )
    return event


def _selector_add(case: Case, kind: str, value: str, digest: str | None = None) -> bool:
    digest = digest or keys.digest("selector", f"{kind}:{value}")
    _, created = CaseSelector.objects.get_or_create(
        case=case, digest=digest, defaults={"kind": kind, "value": value}
    )
    return created


def _create_case(*, title: str, summary: str, priority: int, actor) -> Case:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Geef de zaak een titel."})
    if len(title) > 200:
        raise ValidationError({"title": "De titel is te lang (maximaal 200 tekens)."})
    if priority not in Case.Priority.values:
        raise ValidationError({"priority": "Onbekende prioriteit."})
    for _ in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(
                    number=_next_number(timezone.now().year),
                    title=title,
                    summary=summary or "",
                    priority=priority,
                    opened_by=actor,
                    team=getattr(actor, "team", None),
                )
        except IntegrityError:
            continue  # another case took the number at the same moment
    raise IntegrityError("could not allocate a case number")


@transaction.atomic
def case_open(
    *, report, title: str, summary: str = "", priority: int = Case.Priority.NORMAL, actor
) -> Case:
    """Open a case from a screened report; its attachments become exhibits."""
    from signaal.intake.models import Report

    access.require(actor, "case.open")
    if report.shredded_at:
        raise ValidationError("Deze melding is vernietigd en kan geen zaak meer worden.")
    if report.status == Report.Status.CASE_OPENED:
        raise ValidationError("Voor deze melding is al een zaak geopend.")
    priority = Case.Priority.URGENT if report.is_urgent else priority
    case = _create_case(title=title, summary=summary, priority=priority, actor=actor)
    case.reports.add(report)
    audit.record(actor=actor, action="case.open", obj=case, details={"report": report.reference})
    for attachment in report.attachments.select_related("blob"):
        item = EvidenceItem.objects.create(
            case=case,
            exhibit_number=_next_exhibit(case),
            kind=EvidenceItem.Kind.REPORT_ATTACHMENT,
            blob=attachment.blob,
            sha256=attachment.sha256,
            size=attachment.size,
            filename=attachment.filename[:200],
            content_type=attachment.content_type,
            source=f"Melding {report.reference}",
            source_ref=f"attachment:{attachment.pk}",
            acquired_by=actor,
            tool=f"{TOOL} Meldpunt",
            tool_version=tool_version(),
        )
        _custody(item, CustodyEvent.Action.ACQUIRED, actor, source=item.source)
    for selector in report.selectors.all():
        _selector_add(case, selector.kind, selector.value, selector.digest)
    report.status = Report.Status.CASE_OPENED
    report.save(update_fields=["status"])
    audit.record(
        actor=actor, action="report.case_opened", obj=report, details={"case": case.number}
    )
    return case


@transaction.atomic
def case_create(
    *, title: str, summary: str = "", priority: int = Case.Priority.NORMAL, actor
) -> Case:
    """Open a case without a report, e.g. from a crawled lead."""
    access.require(actor, "case.work")
    case = _create_case(title=title, summary=summary, priority=priority, actor=actor)
    case.investigators.add(actor)
    audit.record(actor=actor, action="case.open", obj=case, details={"report": None})
    return case


@transaction.atomic
def case_view(*, case: Case, actor) -> None:
    """Record that the actor opened the case."""
    _require_case_access(actor, case, "case.view")
    audit.record(actor=actor, action="case.view", obj=case)


@transaction.atomic
def case_set_status(*, case: Case, status: str, actor, closing_reason: str = "") -> Case:
    _require_case_access(actor, case, "case.work")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in Case.Status.values:
        raise ValidationError("Onbekende status.")
    if status == Case.Status.HANDED_OVER:
        raise ValidationError("Overdragen gaat via 'Overdracht vastleggen', na goedkeuring.")
    if status not in TRANSITIONS[case.status]:
        raise ValidationError(
            f"Een zaak met status '{case.get_status_display()}' kan niet naar "
            f"'{Case.Status(status).label}'."
        )
    if status == Case.Status.CLOSED:
        if closing_reason not in Case.ClosingReason.values:
            raise ValidationError("Kies een reden om de zaak te sluiten.")
        if closing_reason == Case.ClosingReason.HANDED_OVER and case.status != (
            Case.Status.HANDED_OVER
        ):
            raise ValidationError("Alleen een overgedragen zaak sluit met 'overgedragen'.")
        case.closing_reason = closing_reason
        case.closed_at = timezone.now()
    previous = case.status
    case.status = status
    case.save(update_fields=["status", "closing_reason", "closed_at"])
    audit.record(
        actor=actor,
        action="case.status",
        obj=case,
        details={"from": previous, "to": status, "reason": closing_reason},
    )
    return case


@transaction.atomic
def case_assign(*, case: Case, investigators: Iterable, actor) -> Case:
    access.require(actor, "case.assign")
    investigators = list(investigators)
    for user in investigators:
        if not access.can(user, "case.work"):
            raise ValidationError(f"{user.username} kan geen zaken behandelen.")
    case.investigators.set(investigators)
    audit.record(
        actor=actor,
        action="case.assign",
        obj=case,
        details={"investigators": sorted(u.username for u in investigators)},
    )
    return case


@transaction.atomic
def case_note_add(*, case: Case, body: str, actor) -> CaseNote:
    _require_case_access(actor, case, "case.work")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Een notitie kan niet leeg zijn."})
    if len(body) > 20_000:
        raise ValidationError({"body": "Een notitie is maximaal 20.000 tekens."})
    note = CaseNote.objects.create(case=case, author=actor, body=body)
    audit.record(actor=actor, action="case.note_add", obj=case, details={"note": note.pk})
    return note


@transaction.atomic
def case_task_add(
    *, case: Case, title: str, actor, assignee=None, due_date: date | None = None
) -> CaseTask:
    _require_case_access(actor, case, "case.work")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ValidationError({"title": "Geef de taak een titel (maximaal 200 tekens)."})
    if assignee is not None and not access.can(assignee, "case.work"):
        raise ValidationError({"assignee": f"{assignee.username} kan geen zaken behandelen."})
    task = CaseTask.objects.create(case=case, title=title, assignee=assignee, due_date=due_date)
    audit.record(actor=actor, action="case.task_add", obj=case, details={"task": task.pk})
    return task


@transaction.atomic
def case_task_set_status(*, task: CaseTask, status: str, actor) -> CaseTask:
    _require_case_access(actor, task.case, "case.work")
    if status not in CaseTask.Status.values:
        raise ValidationError("Onbekende taakstatus.")
    task.status = status
    task.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="case.task_status",
        obj=task.case,
        details={"task": task.pk, "to": status},
    )
    return task


@transaction.atomic
def case_selector_add(*, case: Case, kind: str, raw_value: str, actor) -> CaseSelector:
    """Add a selector typed by staff, normalised like extracted ones."""
    from signaal.analysis.selectors import extract_selectors

    _require_case_access(actor, case, "case.work")
    found = [s for s in extract_selectors(raw_value or "") if s.kind == kind]
    if not found:
        raise ValidationError({"raw_value": f"Geen geldige waarde van soort '{kind}' gevonden."})
    value = found[0].value
    digest = keys.digest("selector", f"{kind}:{value}")
    _selector_add(case, kind, value, digest)
    audit.record(actor=actor, action="case.selector_add", obj=case, details={"kind": kind})
    return CaseSelector.objects.get(case=case, digest=digest)


@transaction.atomic
def evidence_add_upload(
    *,
    case: Case,
    filename: str,
    data: bytes,
    content_type: str,
    description: str,
    source: str,
    actor,
) -> EvidenceItem:
    """Store an uploaded file unchanged as a new exhibit."""
    _require_case_access(actor, case, "case.work")
    if not data:
        raise ValidationError({"file": "Het bestand is leeg."})
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": "Het bestand is groter dan 200 MB."})
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": "Vermeld waar het bestand vandaan komt."})
    blob = blobs.put(io.BytesIO(data))
    item = EvidenceItem.objects.create(
        case=case,
        exhibit_number=_next_exhibit(case),
        kind=EvidenceItem.Kind.UPLOAD,
        blob=blob,
        sha256=blob.sha256,
        size=blob.size,
        filename=(filename or "bestand").replace("/", "_")[:200],
        content_type=(content_type or "application/octet-stream")[:100],
        description=(description or "")[:500],
        source=source[:500],
        source_ref="upload",
        acquired_by=actor,
        tool=f"{TOOL} upload",
        tool_version=tool_version(),
    )
    _custody(item, CustodyEvent.Action.ACQUIRED, actor, source=item.source)
    return item


def _warc_record_bytes(version) -> bytes:
    """The exact bytes of one WARC record (a gzip member: itself a valid WARC file)."""
    run = version.capture_run or version.run
    if run.warc_blob_id is None or version.warc_offset is None or not version.warc_length:
        raise ValidationError("Van deze advertentie is nog geen opgeslagen capture.")
    start, end = version.warc_offset, version.warc_offset + version.warc_length
    buffer = io.BytesIO()
    for chunk in blobs.chunks(run.warc_blob):
        buffer.write(chunk)
        if buffer.tell() >= end:
            break
    data = buffer.getvalue()[start:end]
    if len(data) != version.warc_length:
        raise ValidationError("De capture van deze advertentie is onvolledig.")
    return data


@transaction.atomic
def evidence_add_ad(*, case: Case, ad, actor) -> EvidenceItem:
    """Add a crawled ad as an exhibit: its WARC capture record, unchanged, with the
    analysis (indicators, score, network) as it stood at acquisition."""
    _require_case_access(actor, case, "case.work")
    if case.evidence.filter(source_ref=f"ad:{ad.pk}").exists():
        raise ValidationError("Deze advertentie is al een bewijsstuk in deze zaak.")
    version = ad.current_version()
    if version is None:
        raise ValidationError("Van deze advertentie is nog geen versie vastgelegd.")
    record = _warc_record_bytes(version)
    blob = blobs.put_bytes(record)
    run = version.capture_run or version.run
    from signaal.crawling.queries import network_of

    network = network_of(ad)
    analysis = {
        "score": ad.score,
        "indicators": [
            {
                "id": i.get("id"),
                "category": i.get("category"),
                "weight": i.get("weight"),
                "explanation": (i.get("explanation") or {}).get("nl")
                if isinstance(i.get("explanation"), dict)
                else i.get("explanation"),
            }
            for i in ad.analysis.get("indicators", [])
        ],
        "selectors": [
            {"kind": s.get("kind"), "value": s.get("value")}
            for s in ad.analysis.get("selectors", [])
        ],
        "cluster": {"id": network.cluster_id, "size": network.size, "reasons": network.reasons}
        if network
        else None,
        "capture": {
            "warc_sha256": run.warc_blob.sha256,
            "warc_record_id": version.warc_record_id,
            "response_sha256": version.response_sha256,
            "seen_at": version.seen_at.isoformat(),
        },
    }
    item = EvidenceItem.objects.create(
        case=case,
        exhibit_number=_next_exhibit(case),
        kind=EvidenceItem.Kind.CRAWLED_AD,
        blob=blob,
        sha256=blob.sha256,
        size=blob.size,
        filename=f"ad-{ad.site}-{ad.external_id}.warc.gz"[:200],
        content_type="application/warc",
        description=(ad.title or ad.url)[:500],
        source=ad.url[:500],
        source_ref=f"ad:{ad.pk}",
        acquired_by=actor,
        tool=f"{TOOL} crawler",
        tool_version=tool_version(),
        analysis=analysis,
    )
    _custody(item, CustodyEvent.Action.ACQUIRED, actor, source=ad.url, warc=run.warc_blob.sha256)
    for selector in analysis["selectors"]:
        if selector["kind"] and selector["value"]:
            _selector_add(case, selector["kind"], selector["value"])
    return item


@transaction.atomic
def evidence_open(*, item: EvidenceItem, actor) -> bytes:
    """The exhibit's bytes, checked against its hash; the view is a custody event."""
    _require_case_access(actor, item.case, "case.view")
    data = blobs.read_bytes(item.blob)
    _custody(item, CustodyEvent.Action.VIEWED, actor)
    return data


@transaction.atomic
def case_approve_handover(*, case: Case, actor) -> Handover:
    access.require(actor, "case.approve_handover")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.READY:
        raise ValidationError(
            "Alleen een zaak die klaar is voor overdracht kan worden goedgekeurd."
        )
    if not case.evidence.exists():
        raise ValidationError("Een dossier zonder bewijsstukken kan niet worden overgedragen.")
    if hasattr(case, "handover"):
        raise ValidationError("De overdracht is al goedgekeurd.")
    handover = Handover.objects.create(case=case, approved_by=actor)
    audit.record(actor=actor, action="case.handover_approve", obj=case)
    return handover


@transaction.atomic
def case_hand_over(
    *, case: Case, police_unit: str, police_reference: str, handed_over_on: date, actor
) -> Handover:
    """Record that the police received the dossier; the case is then handed over."""
    access.require(actor, "case.approve_handover")
    case = Case.objects.select_for_update().get(pk=case.pk)
    handover = Handover.objects.filter(case=case).first()
    if handover is None:
        raise ValidationError("Keur de overdracht eerst goed.")
    if not case.exports.exists():
        raise ValidationError("Exporteer eerst het dossier.")
    police_unit, police_reference = (police_unit or "").strip(), (police_reference or "").strip()
    if not police_unit or not police_reference:
        raise ValidationError("Vul de politie-eenheid en het kenmerk van de politie in.")
    if handed_over_on > timezone.localdate():
        raise ValidationError("De datum van overdracht kan niet in de toekomst liggen.")
    handover.police_unit = police_unit[:200]
    handover.police_reference = police_reference[:100]
    handover.handed_over_on = handed_over_on
    handover.recorded_by = actor
    handover.save()
    case.status = Case.Status.HANDED_OVER
    case.save(update_fields=["status"])
    for item in case.evidence.all():
        _custody(item, CustodyEvent.Action.HANDED_OVER, actor, police_unit=handover.police_unit)
    audit.record(
        actor=actor,
        action="case.hand_over",
        obj=case,
        details={
            "police_unit": handover.police_unit,
            "police_reference": handover.police_reference,
            "date": handed_over_on.isoformat(),
            "dossier_sha256": case.exports.first().sha256,
        },
    )
    return handover
