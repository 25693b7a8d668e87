"""Writes for the Meldpunt. Each runs in one transaction with its audit row.

Reporters have no account: their actions are recorded with actor None
("system") and never with anything that identifies them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from signaal.audit import services as audit
from signaal.intake import receipts
from signaal.intake.models import Attachment, Report, ReportMessage, ReportSelector
from signaal.intake.uploads import CheckedFile
from signaal.vault import blobs, keys

MAX_TEXT = 20_000
MAX_SHORT = 2_000
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


@dataclass(frozen=True)
class Submission:
    report: Report
    receipt_code: str  # formatted for display: shown to the reporter, stored nowhere
    created: bool  # False when this form had been submitted before


def _clean(value: str, limit: int, field: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if len(value) > limit:
        raise ValidationError({field: f"at most {limit} characters"})
    return value


def _attach(report: Report, files: Sequence[CheckedFile], message: ReportMessage | None) -> None:
    for checked in files:
        blob = blobs.put_bytes(checked.data)
        Attachment.objects.create(
            report=report,
            message=message,
            blob=blob,
            filename=checked.name,
            content_type=checked.content_type,
            size=blob.size,
            sha256=blob.sha256,
        )


def _selectors_in(*texts: str) -> list[tuple[str, str, str]]:
    """(kind, canonical value, digest) for each distinct selector in the texts."""
    from signaal.analysis.selectors import extract_selectors

    found: dict[str, tuple[str, str, str]] = {}
    for text in texts:
        for selector in extract_selectors(text):
            digest = keys.digest("selector", f"{selector.kind}:{selector.value}")
            found.setdefault(digest, (selector.kind, selector.value, digest))
    return list(found.values())


def _selectors_save(report: Report, found: list[tuple[str, str, str]]) -> None:
    for kind, value, digest in found:
        ReportSelector.objects.create(report=report, kind=kind, value=value, digest=digest)


def _selectors_from(report: Report, *texts: str) -> None:
    _selectors_save(report, _selectors_in(*texts))


def _mentions_a_minor(text: str) -> bool:
    from signaal.analysis.indicators import match_indicators

    return any(ind.category == "minor" for ind in match_indicators(text))


def report_submit(
    *,
    submission_token: str,
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
    source: str = Report.Source.WEB,
    actor=None,
) -> Submission:
    """Store a report durably and return its receipt code.

    The same `submission_token` (one per rendered form) always returns the
    same report and code, so a double click or a resubmitted form creates
    nothing new. Commits before returning: the caller shows the code only for
    a stored report.
    """
    if not TOKEN_RE.match(submission_token or ""):
        raise ValidationError({"submission_token": "missing or malformed"})
    if reporter_role not in Report.ReporterRole.values:
        raise ValidationError({"reporter_role": "unknown"})
    if source not in Report.Source.values:
        raise ValidationError({"source": "unknown"})
    what_happened = _clean(what_happened, MAX_TEXT, "what_happened")
    if not what_happened:
        raise ValidationError({"what_happened": "required"})
    where_online = _clean(where_online, MAX_TEXT, "where_online")
    when_happened = _clean(when_happened, MAX_SHORT, "when_happened")
    contact_name = _clean(contact_name, 200, "contact_name")
    contact_email = _clean(contact_email, 254, "contact_email")
    contact_phone = _clean(contact_phone, 50, "contact_phone")

    code = receipts.code_for_submission(submission_token)
    submission_digest = receipts.submission_digest(submission_token)
    # The slow parts (argon2, text analysis) run before the transaction: on SQLite
    # the write lock is taken at BEGIN, and every other submit would wait for them.
    receipt_hash = receipts.hash_code(code)
    possible_minor = about_minor or _mentions_a_minor(what_happened)
    selectors = _selectors_in(what_happened, where_online)
    try:
        with transaction.atomic():
            existing = Report.objects.filter(submission_digest=submission_digest).first()
            if existing is not None:
                return Submission(existing, receipts.formatted(code), created=False)
            report = Report.objects.create(
                reference=f"tmp-{submission_digest[:16]}",
                source=source,
                reporter_role=reporter_role,
                danger_now=danger_now,
                possible_minor=possible_minor,
                what_happened=what_happened,
                where_online=where_online,
                when_happened=when_happened,
                contact_name=contact_name,
                contact_email=contact_email,
                contact_phone=contact_phone,
                receipt_lookup=receipts.lookup_digest(code),
                receipt_hash=receipt_hash,
                submission_digest=submission_digest,
                entered_by=actor,
            )
            report.reference = f"M{report.created_at:%Y}-{report.pk:05d}"
            report.save(update_fields=["reference"])
            _attach(report, files, None)
            _selectors_save(report, selectors)
            audit.record(
                actor=actor,
                action="report.submit",
                obj=report,
                details={"source": source, "attachments": len(files), "urgent": report.is_urgent},
            )
    except IntegrityError:
        # The same form submitted twice at the same moment: the other request won.
        existing = Report.objects.filter(submission_digest=submission_digest).first()
        if existing is None:
            raise
        return Submission(existing, receipts.formatted(code), created=False)
    return Submission(report, receipts.formatted(code), created=True)


def report_for_receipt(typed_code: str) -> Report | None:
    """The report a receipt code belongs to, or None for a wrong or unknown code."""
    code = receipts.normalised(typed_code)
    if code is None:
        return None
    report = Report.objects.filter(
        receipt_lookup=receipts.lookup_digest(code), shredded_at__isnull=True
    ).first()
    if report is None or not receipts.check_code(code, report.receipt_hash):
        return None
    return report


def reporter_message_add(
    *, report: Report, body: str, files: Sequence[CheckedFile] = (), submission_token: str = ""
) -> ReportMessage:
    """A message (and files) from the reporter, through the follow-up page.

    The same `submission_token` (one per rendered follow-up form) stores the
    message once, so a double click or a resent form adds nothing.
    """
    body = _clean(body, MAX_TEXT, "body")
    if not body and not files:
        raise ValidationError({"body": "required"})
    if report.shredded_at:
        raise ValidationError("this report no longer exists")
    if submission_token and not TOKEN_RE.match(submission_token):
        raise ValidationError({"submission_token": "malformed"})
    digest = keys.digest("message", submission_token) if submission_token else ""
    try:
        with transaction.atomic():
            if digest:
                existing = ReportMessage.objects.filter(submission_digest=digest).first()
                if existing is not None:
                    return existing
            message = ReportMessage.objects.create(
                report=report,
                direction=ReportMessage.Direction.FROM_REPORTER,
                body=body,
                created_at=timezone.now(),
                submission_digest=digest,
            )
            _attach(report, files, message)
            _selectors_from(report, body)
            audit.record(
                actor=None,
                action="report.reporter_message",
                obj=report,
                details={"message": message.pk, "attachments": len(files)},
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        existing = (
            ReportMessage.objects.filter(submission_digest=digest).first() if digest else None
        )
        if existing is None:
            raise
        return existing
    return message
