"""Plain data for parsed conversations (framework-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ParsedMessage:
    """One message. `line` is the line number in a text export, or the 1-based
    position in messages[] for JSON exports (where the export has no lines)."""

    at: datetime
    sender: str
    text: str
    attachments: list[str] = field(default_factory=list)
    line: int = 0
    sender_id: str = ""


@dataclass(frozen=True)
class Problem:
    """Something in the export that could not be read as a message; never dropped silently."""

    line: int
    reason: str
    text: str = ""

    def to_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason, "text": self.text[:300]}


@dataclass(frozen=True)
class SystemLine:
    """A line the app wrote itself (encryption notice, 'X joined'): kept, not a message."""

    line: int
    text: str

    def to_dict(self) -> dict:
        return {"line": self.line, "text": self.text[:300]}


@dataclass
class ParseResult:
    messages: list[ParsedMessage]
    problems: list[Problem]
    format: str
    parser_version: str
    system: list[SystemLine] = field(default_factory=list)
    title: str = ""

    @property
    def senders(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.messages:
            seen.setdefault(m.sender, None)
        return list(seen)


class UnreadableExport(Exception):
    """The file is not an export this module can read at all (a one-line reason)."""
