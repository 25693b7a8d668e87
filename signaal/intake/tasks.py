"""Background jobs for the Meldpunt: thin wrappers around the services."""

from dataclasses import asdict

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from signaal.intake import services_staff


@db_periodic_task(crontab(hour=3, minute=15))
def reports_shred_expired_task() -> dict:
    """Every night: crypto-shred reports closed without a case past the retention period."""
    return asdict(services_staff.reports_shred_expired(actor=None))
