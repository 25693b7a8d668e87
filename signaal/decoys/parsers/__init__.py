"""Conversation exports, read into plain data (framework-free).

`parse_export(data, filename)` detects the format (WhatsApp text, Telegram
Desktop JSON, Instagram/Facebook JSON) and returns a `ParseResult`; a file that
is none of these raises `UnreadableExport` with a one-line reason. Lines that
cannot be read are `problems` with their number, never dropped silently.
"""

from __future__ import annotations

import json

from . import meta, telegram, whatsapp
from .base import ParsedMessage, ParseResult, Problem, SystemLine, UnreadableExport

__all__ = [
    "ParseResult",
    "ParsedMessage",
    "Problem",
    "SystemLine",
    "UnreadableExport",
    "parse_export",
]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UnreadableExport(
            f"Het bestand is geen UTF-8-tekst (onleesbare byte op positie {e.start})."
        ) from None


def parse_export(data: bytes, filename: str = "", *, tz: str = "Europe/Amsterdam") -> ParseResult:
    if not data.strip():
        raise UnreadableExport("Het bestand is leeg.")
    text = _decode(data)
    # WhatsApp first: an iOS export starts with "[" too.
    if whatsapp.looks_like(text):
        return whatsapp.parse(text, tz=tz)
    if text.lstrip().startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as e:
            raise UnreadableExport(
                f"Het JSON-bestand is onvolledig of beschadigd (regel {e.lineno}, kolom {e.colno})."
            ) from None
        if meta.looks_like(parsed):
            return meta.parse(parsed)
        if telegram.looks_like(parsed):
            return telegram.parse(parsed)
        raise UnreadableExport(
            "Dit JSON-bestand is geen Telegram- of Instagram/Facebook-export van één gesprek."
        )
    raise UnreadableExport(
        "Onbekend formaat: gebruik een WhatsApp-export (.txt), Telegram-export (result.json) "
        "of Instagram/Facebook-export (message_1.json)."
    )
