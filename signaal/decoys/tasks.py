"""Background jobs for decoys: thin wrappers around the services."""

from huey.contrib.djhuey import db_task

from signaal.decoys import services


@db_task(retries=2, retry_delay=30)
def send_outbound(message_ids: list[int]) -> None:
    """Send the queued replies of one webhook request, in order (acknowledgement first)."""
    for message_id in message_ids:
        services.outbound_send(message_id=message_id)
