"""Write and check the hash-chained audit log.

Services call `record(...)` inside their own transaction, so an action and its
audit row commit or roll back together.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from signaal.audit.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(
    *, seq, at, actor_label, action, object_type, object_id, details, prev_hash
) -> bytes:
    payload = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
        "prev": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _row_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            seq=event.seq,
            at=event.at,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            details=event.details,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def record(*, actor, action: str, obj=None, details: dict | None = None) -> AuditEvent:
    """Append one event. `actor` is a user, or None for the system and the command line."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    object_type, object_id = _object_ref(obj)
    # Round-trip through JSON so the hash covers exactly what the database stores.
    clean_details = json.loads(json.dumps(details or {}, default=str))
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=clean_details,
        prev_hash=head.row_hash,
    )
    event.row_hash = _row_hash(event)
    event.save()
    head.seq, head.row_hash = event.seq, event.row_hash
    head.save(update_fields=["seq", "row_hash"])
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def verify() -> VerifyResult:
    """Walk the whole chain; report the first row that was edited, inserted or deleted."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                f"row {expected_seq} is missing (next row is {event.seq}): a row was deleted",
                expected_seq,
            )
        if event.prev_hash != prev_hash:
            return VerifyResult(
                False,
                checked,
                f"row {event.seq} does not follow row {event.seq - 1}: a row was inserted or replaced",
                event.seq,
            )
        if _row_hash(event) != event.row_hash:
            return VerifyResult(
                False, checked, f"row {event.seq} was edited after it was written", event.seq
            )
        prev_hash = event.row_hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.row_hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        return VerifyResult(
            False,
            checked,
            f"the chain ends at row {checked} but the head says {head_seq}: rows were deleted at the end",
            checked + 1,
        )
    return VerifyResult(True, checked)
