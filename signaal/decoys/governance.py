"""The one gate every use of a decoy goes through.

`deployment_is_live(deployment, now)` says whether a deployment may act right
now, and why not; `use_refused` writes the audit event every refused use gets.
A landing page, a webhook reply and an outgoing message all ask this first.
"""

from __future__ import annotations

from datetime import datetime

from signaal.audit import services as audit

APPROVALS_NEEDED = 2

# reason -> what staff read
REASONS = {
    "live": "actief",
    "not_approved": "nog niet goedgekeurd door twee coördinatoren",
    "stopped": "gestopt (noodstop)",
    "not_started": "nog niet begonnen",
    "expired": "verlopen",
    "capped": "maximum aantal contacten bereikt",
}


def deployment_is_live(deployment, now: datetime) -> tuple[bool, str]:
    """(True, "live") only when approved by two coordinators, not stopped,
    within [starts_at, expires_at] and below the contact cap; otherwise
    (False, reason) with reason one of `REASONS`."""
    if deployment.stopped_at is not None:
        return False, "stopped"
    if deployment.approved_at is None or deployment.approvals.count() < APPROVALS_NEEDED:
        return False, "not_approved"
    if now < deployment.starts_at:
        return False, "not_started"
    if now > deployment.expires_at:
        return False, "expired"
    if deployment.contacts.count() >= deployment.contact_cap:
        return False, "capped"
    return True, "live"


def use_refused(deployment, *, use: str, reason: str, actor=None, **details) -> None:
    """Record that `use` (landing, webhook, send, import) was refused for `reason`."""
    audit.record(
        actor=actor,
        action="decoy.use_refused",
        obj=deployment,
        details={"use": use, "reason": reason, **details},
    )
