"""Telegram Desktop "Export chat history" in machine-readable JSON (result.json).

A single chat export: {"name", "type", "id", "messages": [...]}. Each message
has "id", "type" ("message" or "service"), "date" (local time) and
"date_unixtime" (seconds, UTC, used here), "from", "from_id" and "text": a
string, or a list of strings and {"type", "text"} entities. Media appear as
"photo", "file", "media_type", "sticker_emoji". `line` is the 1-based position
in messages[]; a message that cannot be read is a problem with that number.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .base import ParsedMessage, ParseResult, Problem, SystemLine, UnreadableExport

FORMAT = "telegram"
VERSION = "telegram-json/1"


def looks_like(data) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        return False
    if "participants" in data:
        return False
    sample = [m for m in data["messages"][:20] if isinstance(m, dict)]
    return any("date_unixtime" in m or "from_id" in m for m in sample) or "type" in data


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise ValueError("text part is neither a string nor an entity")
        return "".join(parts)
    raise ValueError("text is neither a string nor a list")


def _attachments(message: dict) -> list[str]:
    found = []
    for key in ("photo", "file", "thumbnail"):
        value = message.get(key)
        if isinstance(value, str) and value:
            found.append(value)
    if not found and message.get("media_type"):
        found.append(str(message["media_type"]))
    return found


def parse(data) -> ParseResult:
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise UnreadableExport(
            "Dit is geen Telegram-export van één gesprek (messages[] ontbreekt)."
        )
    messages: list[ParsedMessage] = []
    problems: list[Problem] = []
    system: list[SystemLine] = []
    for position, raw in enumerate(data["messages"], start=1):
        if not isinstance(raw, dict):
            problems.append(Problem(position, "Bericht is geen object.", repr(raw)[:200]))
            continue
        kind = raw.get("type")
        try:
            text = _text(raw.get("text", ""))
        except ValueError as e:
            problems.append(
                Problem(position, f"Tekst onleesbaar: {e}.", repr(raw.get("text"))[:200])
            )
            continue
        if kind == "service":
            action = raw.get("action", "")
            system.append(SystemLine(position, f"{raw.get('actor', '')} {action} {text}".strip()))
            continue
        if kind != "message":
            problems.append(
                Problem(position, f"Onbekend berichttype {kind!r}.", str(raw.get("id", "")))
            )
            continue
        try:
            at = datetime.fromtimestamp(int(raw["date_unixtime"]), tz=UTC)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            problems.append(
                Problem(
                    position,
                    "Tijdstip (date_unixtime) ontbreekt of is ongeldig.",
                    str(raw.get("id", "")),
                )
            )
            continue
        sender = raw.get("from")
        if not isinstance(sender, str) or not sender.strip():
            problems.append(Problem(position, "Afzender (from) ontbreekt.", str(raw.get("id", ""))))
            continue
        messages.append(
            ParsedMessage(
                at=at,
                sender=sender.strip(),
                text=text,
                attachments=_attachments(raw),
                line=position,
                sender_id=str(raw.get("from_id", "")),
            )
        )
    return ParseResult(
        messages, problems, FORMAT, VERSION, system, title=str(data.get("name") or "")
    )
