"""Instagram and Facebook Messenger "Download your information" JSON (message_1.json).

{"participants": [{"name"}], "messages": [{"sender_name", "timestamp_ms",
"content", "photos": [{"uri"}], "videos", "audio_files", "files", "share"}],
"title"}. Messages come newest first and are returned oldest first. Meta
writes UTF-8 text as if each byte were a latin-1 character ("JÃ©" for "Jé"):
`repair` undoes that when the round trip succeeds and leaves other text alone.
`line` is the 1-based position in messages[] as exported (newest first).
"""

from __future__ import annotations

from datetime import UTC, datetime

from .base import ParsedMessage, ParseResult, Problem, SystemLine, UnreadableExport

FORMAT = "meta"
VERSION = "meta-json/1"
MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs", "sticker")


def looks_like(data) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("messages"), list)
        and isinstance(data.get("participants"), list)
    )


def repair(text: str) -> str:
    """Undo Meta's latin-1 mojibake when the text round-trips; otherwise keep it."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _attachments(message: dict) -> list[str]:
    found = []
    for key in MEDIA_KEYS:
        value = message.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("uri"), str):
                found.append(repair(item["uri"]))
    return found


def parse(data) -> ParseResult:
    if not looks_like(data):
        raise UnreadableExport(
            "Dit is geen Instagram/Facebook-export (participants[] of messages[] ontbreekt)."
        )
    messages: list[ParsedMessage] = []
    problems: list[Problem] = []
    system: list[SystemLine] = []
    for position, raw in enumerate(data["messages"], start=1):
        if not isinstance(raw, dict):
            problems.append(Problem(position, "Bericht is geen object.", repr(raw)[:200]))
            continue
        sender = raw.get("sender_name")
        if not isinstance(sender, str) or not sender.strip():
            problems.append(Problem(position, "Afzender (sender_name) ontbreekt.", repr(raw)[:200]))
            continue
        try:
            at = datetime.fromtimestamp(int(raw["timestamp_ms"]) / 1000, tz=UTC)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            problems.append(
                Problem(
                    position, "Tijdstip (timestamp_ms) ontbreekt of is ongeldig.", repr(raw)[:200]
                )
            )
            continue
        content = raw.get("content", "")
        if not isinstance(content, str):
            problems.append(
                Problem(position, "Inhoud (content) is geen tekst.", repr(content)[:200])
            )
            continue
        attachments = _attachments(raw)
        if raw.get("is_unsent"):
            system.append(SystemLine(position, f"{repair(sender)}: bericht ingetrokken"))
            continue
        if not content and not attachments:
            system.append(SystemLine(position, f"{repair(sender)}: bericht zonder tekst of media"))
            continue
        messages.append(
            ParsedMessage(
                at=at,
                sender=repair(sender).strip(),
                text=repair(content),
                attachments=attachments,
                line=position,
            )
        )
    messages.sort(key=lambda m: (m.at, -m.line))
    title = repair(data.get("title") or "") if isinstance(data.get("title"), str) else ""
    return ParseResult(messages, problems, FORMAT, VERSION, system, title=title)
