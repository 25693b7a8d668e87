"""Writes for staff working the Meldpunt: screening, messages, notes, labels, retention.

Each runs in one transaction with its audit row, checks the actor's permission
first and re-reads the report under a row lock, so two staff members acting
at once cannot push a report through an invalid transition. Audit details
hold ids, statuses and label names, never what a reporter or staff member wrote.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaal.accounts import access
from signaal.audit import services as audit
from signaal.intake import services
from signaal.intake.models import (
    Attachment,
    Label,
    Report,
    ReportMessage,
    ReportNote,
    ReportSelector,
)
from signaal.intake.uploads import CheckedFile
from signaal.vault import blobs

Status = Report.Status

# Where a report may go from each status. CASE_OPENED is reached through the
# cases feature (which calls report_set_status); it ends the Meldpunt workflow.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.SCREENING}),
    Status.SCREENING: frozenset({Status.CLOSED, Status.REFERRED, Status.CASE_OPENED}),
    # Reopening: new information after closing (e.g. a reporter's follow-up message).
    Status.CLOSED: frozenset({Status.SCREENING}),
    Status.REFERRED: frozenset({Status.SCREENING}),
    Status.CASE_OPENED: frozenset(),
}
# Closed without a case: these are crypto-shredded after the retention period.
CLOSED_WITHOUT_CASE = frozenset({Status.CLOSED, Status.REFERRED})
# Reasons are kept as an internal note, so they are encrypted like any note.
REASON_REQUIRED = frozenset({Status.CLOSED})
ENTRY_SOURCES = frozenset({Report.Source.PHONE, Report.Source.EMAIL, Report.Source.OTHER})
MAX_TEXT = services.MAX_TEXT
LABEL_MAX = Label._meta.get_field("name").max_length
# What a reporter wrote about themselves and others: blanked when a report is shredded.
ENCRYPTED_FIELDS = (
    "what_happened",
    "where_online",
    "when_happened",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def _locked(report: Report) -> Report:
    """The report re-read under a row lock (inside the caller's transaction)."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _copy_back(report: Report, fresh: Report, *fields: str) -> None:
    """Let the caller's instance show what was saved."""
    for field in fields:
        setattr(report, field, getattr(fresh, field))


def _not_shredded(report: Report) -> None:
    if report.shredded_at:
        raise ValidationError(
            _("Melding %(ref)s is vernietigd; er kan niets meer aan worden gewijzigd.")
            % {"ref": report.reference}
        )


def _text(value: str, *, what: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError(
            _("Het veld ‘%(what)s’ is leeg. Schrijf eerst iets.") % {"what": what}
        )
    if len(value) > MAX_TEXT:
        raise ValidationError(
            _("‘%(what)s’ is te lang: hooguit %(max)d tekens. Maak het korter.")
            % {"what": what, "max": MAX_TEXT}
        )
    return value


# --- Reading -----------------------------------------------------------------


@transaction.atomic
def report_open(*, report: Report, actor) -> None:
    """Record that `actor` opened the report; marks the reporter's messages as read."""
    access.require(actor, "report.screen")
    unread = ReportMessage.objects.filter(
        report=report,
        direction=ReportMessage.Direction.FROM_REPORTER,
        read_by_staff_at__isnull=True,
    )
    unread.update(read_by_staff_at=timezone.now())
    audit.record(actor=actor, action="report.open", obj=report)


@transaction.atomic
def attachment_open(*, attachment: Attachment, actor) -> bytes:
    """The plaintext of a reporter's file; every opening is an audit event."""
    access.require(actor, "report.attachment_open")
    _not_shredded(attachment.report)
    try:
        data = blobs.read_bytes(attachment.blob)
    except blobs.BlobError:
        raise ValidationError(
            _(
                "Dit bestand kan niet worden geopend: het is beschadigd of vernietigd. "
                "Meld dit aan de beheerder."
            )
        ) from None
    audit.record(
        actor=actor,
        action="report.attachment_open",
        obj=attachment.report,
        details={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return data


# --- Screening ---------------------------------------------------------------


@transaction.atomic
def report_set_status(*, report: Report, status: str, actor, reason: str = "") -> Report:
    """Move a report along new -> screening -> closed / referred / case opened.

    An invalid transition raises ValidationError saying why. Closing and
    referring set `closed_at` (which starts the retention period) and count as
    feedback to the reporter. A reason is stored as an internal note.
    """
    access.require(actor, "report.screen")
    if status not in Status.values:
        raise ValidationError(_("Onbekende status: %(status)s.") % {"status": status})
    fresh = _locked(report)
    _not_shredded(fresh)
    current = fresh.status
    if status == current:
        raise ValidationError(
            _("Melding %(ref)s heeft al de status ‘%(status)s’.")
            % {"ref": fresh.reference, "status": fresh.get_status_display()}
        )
    if status not in TRANSITIONS[current]:
        target = Status(status).label
        if current == Status.NEW:
            why = _("Neem de melding eerst in screening.")
        elif current == Status.CASE_OPENED:
            why = _("Er is een zaak geopend; de melding wordt verder in de zaak behandeld.")
        else:
            why = _("Heropen de melding eerst (terug naar screening).")
        raise ValidationError(
            _("Van ‘%(from)s’ naar ‘%(to)s’ kan niet. %(why)s")
            % {"from": fresh.get_status_display(), "to": target, "why": why}
        )
    reason = (reason or "").replace("\x00", "").strip()
    if status in REASON_REQUIRED and not reason:
        raise ValidationError(_("Geef een reden waarom de melding zonder actie wordt gesloten."))
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("De reden is te lang: hooguit %(max)d tekens.") % {"max": MAX_TEXT})

    now = timezone.now()
    fresh.status = status
    if status in CLOSED_WITHOUT_CASE:
        fresh.closed_at = now
        fresh.feedback_at = fresh.feedback_at or now
    else:
        fresh.closed_at = None
    fresh.save(update_fields=["status", "closed_at", "feedback_at"])
    note = None
    if reason:
        note = ReportNote.objects.create(
            report=fresh,
            author=actor,
            body=_("Status ‘%(status)s’: %(reason)s")
            % {"status": fresh.get_status_display(), "reason": reason},
        )
    audit.record(
        actor=actor,
        action="report.status",
        obj=fresh,
        details={"from": current, "to": status, "note": note.pk if note else None},
    )
    _copy_back(report, fresh, "status", "closed_at", "feedback_at")
    return report


def assignable_users():
    """Staff who may screen reports, and so may have one assigned."""
    from signaal.accounts.models import User

    return User.objects.filter(
        is_active=True, role__in=access.PERMISSIONS["report.screen"]
    ).order_by("username")


@transaction.atomic
def report_assign(*, report: Report, assignee, actor) -> Report:
    """Assign the report to a screener, or to nobody (`assignee=None`).

    Anyone who screens may take a report or let go of their own; handing a
    report to someone else needs `report.assign` (coordinators).
    """
    access.require(actor, "report.screen")
    fresh = _locked(report)
    _not_shredded(fresh)
    current = fresh.assigned_to_id
    self_service = (assignee is not None and assignee.pk == actor.pk) or (
        assignee is None and current in (None, actor.pk)
    )
    if not self_service:
        access.require(actor, "report.assign")
    if assignee is not None and not access.can(assignee, "report.screen"):
        raise ValidationError(
            _("%(user)s kan geen meldingen screenen; kies een intake-medewerker of coördinator.")
            % {"user": assignee.get_username()}
        )
    if (assignee.pk if assignee else None) == current:
        raise ValidationError(_("De melding is al zo toegewezen."))
    fresh.assigned_to = assignee
    fresh.save(update_fields=["assigned_to"])
    audit.record(
        actor=actor,
        action="report.assign",
        obj=fresh,
        details={"from": current, "to": assignee.pk if assignee else None},
    )
    _copy_back(report, fresh, "assigned_to")
    return report


def _label_name(label_name: str) -> str:
    name = " ".join((label_name or "").replace("\x00", "").split())
    if not name:
        raise ValidationError(_("Geef het label een naam."))
    if len(name) > LABEL_MAX:
        raise ValidationError(
            _("Een labelnaam is hooguit %(max)d tekens; kies een kortere naam.")
            % {"max": LABEL_MAX}
        )
    return name


@transaction.atomic
def report_label_add(*, report: Report, label_name: str, actor) -> Label:
    """Put a label on the report; an unknown name creates the label."""
    access.require(actor, "report.screen")
    name = _label_name(label_name)
    fresh = _locked(report)
    _not_shredded(fresh)
    label = Label.objects.filter(name__iexact=name).first()
    created = label is None
    if created:
        label = Label.objects.create(name=name)
    elif fresh.labels.filter(pk=label.pk).exists():
        raise ValidationError(_("De melding heeft het label ‘%(name)s’ al.") % {"name": label.name})
    fresh.labels.add(label)
    audit.record(
        actor=actor,
        action="report.label_add",
        obj=fresh,
        details={"label": label.name, "created": created},
    )
    return label


@transaction.atomic
def report_label_remove(*, report: Report, label_name: str, actor) -> None:
    access.require(actor, "report.screen")
    name = _label_name(label_name)
    fresh = _locked(report)
    _not_shredded(fresh)
    label = fresh.labels.filter(name__iexact=name).first()
    if label is None:
        raise ValidationError(_("De melding heeft geen label ‘%(name)s’.") % {"name": name})
    fresh.labels.remove(label)
    audit.record(
        actor=actor, action="report.label_remove", obj=fresh, details={"label": label.name}
    )


@transaction.atomic
def report_note_add(*, report: Report, body: str, actor) -> ReportNote:
    """An internal note: staff only, never shown to the reporter."""
    access.require(actor, "report.screen")
    body = _text(body, what=_("Notitie"))
    fresh = _locked(report)
    _not_shredded(fresh)
    note = ReportNote.objects.create(report=fresh, author=actor, body=body)
    audit.record(actor=actor, action="report.note_add", obj=fresh, details={"note": note.pk})
    return note


@transaction.atomic
def report_reply(*, report: Report, body: str, actor) -> ReportMessage:
    """A message to the reporter, who reads it on /opvolgen/ with the receipt code.

    The first reply acknowledges the report (the 7-day deadline).
    """
    access.require(actor, "report.screen")
    body = _text(body, what=_("Bericht aan de melder"))
    fresh = _locked(report)
    _not_shredded(fresh)
    now = timezone.now()
    message = ReportMessage.objects.create(
        report=fresh,
        direction=ReportMessage.Direction.TO_REPORTER,
        author=actor,
        body=body,
        created_at=now,
    )
    first = fresh.acknowledged_at is None
    if first:
        fresh.acknowledged_at = now
        fresh.save(update_fields=["acknowledged_at"])
    audit.record(
        actor=actor,
        action="report.reply",
        obj=fresh,
        details={"message": message.pk, "acknowledges": first},
    )
    _copy_back(report, fresh, "acknowledged_at")
    return message


@transaction.atomic
def report_feedback_given(*, report: Report, actor) -> Report:
    """Record that the reporter was told what was done (the 3-month deadline)."""
    access.require(actor, "report.screen")
    fresh = _locked(report)
    _not_shredded(fresh)
    if fresh.feedback_at:
        raise ValidationError(
            _("Terugkoppeling is al vastgelegd op %(date)s.")
            % {"date": timezone.localtime(fresh.feedback_at).strftime("%d-%m-%Y")}
        )
    fresh.feedback_at = timezone.now()
    fresh.save(update_fields=["feedback_at"])
    audit.record(actor=actor, action="report.feedback", obj=fresh)
    _copy_back(report, fresh, "feedback_at")
    return report


# --- Intake from other channels ----------------------------------------------


def report_enter(
    *,
    submission_token: str,
    source: str,
    reporter_role: str,
    what_happened: str,
    where_online: str = "",
    when_happened: str = "",
    danger_now: bool = False,
    about_minor: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    files: Sequence[CheckedFile] = (),
    acknowledged: bool = False,
    actor,
) -> services.Submission:
    """A report received by phone, e-mail or otherwise, entered by staff.

    Goes through the same `report_submit` as the web form, so it lands in the
    same queue; `acknowledged` records that the reporter already heard back
    (e.g. on the phone), which meets the 7-day deadline.
    """
    access.require(actor, "report.enter")
    if source not in ENTRY_SOURCES:
        raise ValidationError(
            {"source": _("Kies hoe de melding binnenkwam: telefoon, e-mail of anders.")}
        )
    submission = services.report_submit(
        submission_token=submission_token,
        reporter_role=reporter_role,
        what_happened=what_happened,
        where_online=where_online,
        when_happened=when_happened,
        danger_now=danger_now,
        about_minor=about_minor,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        files=files,
        source=source,
        actor=actor,
    )
    # report_submit has committed (it keeps slow hashing outside its transaction).
    report = submission.report
    if submission.created and acknowledged:
        with transaction.atomic():
            Report.objects.filter(pk=report.pk).update(acknowledged_at=report.created_at)
            report.acknowledged_at = report.created_at
            audit.record(
                actor=actor, action="report.acknowledge", obj=report, details={"source": source}
            )
    return submission


# --- Retention ---------------------------------------------------------------


@transaction.atomic
def report_legal_hold_set(*, report: Report, hold: bool, actor) -> Report:
    """Put a report under legal hold (it is never shredded) or lift the hold."""
    access.require(actor, "report.legal_hold")
    fresh = _locked(report)
    _not_shredded(fresh)
    if fresh.legal_hold == bool(hold):
        raise ValidationError(
            _("De melding staat al onder juridische bewaarplicht.")
            if hold
            else _("De melding staat niet onder juridische bewaarplicht.")
        )
    fresh.legal_hold = bool(hold)
    fresh.save(update_fields=["legal_hold"])
    audit.record(actor=actor, action="report.legal_hold", obj=fresh, details={"hold": bool(hold)})
    _copy_back(report, fresh, "legal_hold")
    return report


@transaction.atomic
def report_shred(*, report: Report, actor) -> Report:
    """Crypto-shred a report closed without a case; keep a tombstone for the figures.

    Blanks every encrypted field, deletes messages, notes, selectors and
    attachment rows, shreds the attachment blobs and breaks the receipt code.
    The reference, dates, status, source and urgency flags stay. `actor` None
    is the retention task; a person needs `report.shred`.
    """
    if actor is not None:
        access.require(actor, "report.shred")
    fresh = _locked(report)
    _not_shredded(fresh)
    if fresh.legal_hold:
        raise ValidationError(
            _("Melding %(ref)s staat onder juridische bewaarplicht en wordt niet vernietigd.")
            % {"ref": fresh.reference}
        )
    if fresh.status not in CLOSED_WITHOUT_CASE:
        raise ValidationError(
            _("Alleen gesloten of doorverwezen meldingen zonder zaak kunnen worden vernietigd.")
        )
    attachments = list(Attachment.objects.filter(report=fresh).select_related("blob"))
    for attachment in attachments:
        if not attachment.blob.shredded_at:
            blobs.shred(attachment.blob)
    counts = {
        "attachments": len(attachments),
        "messages": ReportMessage.objects.filter(report=fresh).count(),
        "notes": ReportNote.objects.filter(report=fresh).count(),
        "selectors": ReportSelector.objects.filter(report=fresh).count(),
    }
    Attachment.objects.filter(report=fresh).delete()
    ReportMessage.objects.filter(report=fresh).delete()
    ReportNote.objects.filter(report=fresh).delete()
    ReportSelector.objects.filter(report=fresh).delete()
    for field in ENCRYPTED_FIELDS:
        setattr(fresh, field, "")
    # Not a hex digest, so no receipt code or form token can ever match again.
    fresh.receipt_lookup = f"shredded:{fresh.pk}"
    fresh.receipt_hash = ""
    fresh.submission_digest = f"shredded:{fresh.pk}"
    fresh.shredded_at = timezone.now()
    fresh.save()
    audit.record(actor=actor, action="report.shred", obj=fresh, details=counts)
    return fresh


@dataclass(frozen=True)
class ShredRun:
    due: int  # closed without a case longer ago than the retention period
    shredded: int
    held: int  # would be due, but under legal hold
    failed: int = 0  # changed while the run went on (e.g. reopened); tried again next run


def expired_reports(now: datetime | None = None):
    """Reports closed without a case longer ago than REPORT_RETENTION_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REPORT_RETENTION_DAYS)
    return Report.objects.filter(
        status__in=CLOSED_WITHOUT_CASE, shredded_at__isnull=True, closed_at__lte=cutoff
    )


def reports_shred_expired(*, actor=None, dry_run: bool = False, now=None) -> ShredRun:
    """Shred every expired report not under legal hold, each in its own transaction."""
    if actor is not None:
        access.require(actor, "report.shred")
    expired = expired_reports(now)
    held = expired.filter(legal_hold=True).count()
    due = list(expired.filter(legal_hold=False).order_by("closed_at", "pk").only("pk"))
    if dry_run:
        return ShredRun(due=len(due), shredded=0, held=held)
    shredded = failed = 0
    for report in due:
        try:
            report_shred(report=report, actor=actor)
        except ValidationError:
            failed += 1
        else:
            shredded += 1
    return ShredRun(due=len(due), shredded=shredded, held=held, failed=failed)
