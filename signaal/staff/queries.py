"""Reads for the staff home page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueCount:
    label: str
    count: int
    url: str | None = None


# Each part of Signaal adds a function here that returns the queue counts a
# user should see on their home page (reports to screen, tasks due, ...).
QUEUE_SOURCES: list = []


def queue_counts(user) -> list[QueueCount]:
    counts: list[QueueCount] = []
    for source in QUEUE_SOURCES:
        counts.extend(source(user))
    return counts
