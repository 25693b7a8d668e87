"""WhatsApp "Export chat" text files, Android and iOS, Dutch and English locales.

Lines that start a message (examples from the supported locales):

    12/11/2026, 21:04 - Sam: hoi                       Android, dd/mm/yyyy
    12-11-2026 21:04 - Sam: hoi                        Android, Dutch dd-mm-yyyy
    11/12/26, 9:04 PM - Sam: hi                        Android, US m/d/yy with AM/PM
    [12/11/2026, 21:04:05] Sam: hoi                    iOS (optionally preceded by U+200E)
    [11/12/26, 9:04:05 PM] Sam: hi                     iOS, US

Whether dates are day-first or month-first is decided once per file: a first
field above 12 means day-first, a second field above 12 means month-first, and
otherwise AM/PM times mean month-first (the US locale) and 24-hour times mean
day-first. A line that does not start a message continues the previous one
(multi-line messages); such a line before the first message is a problem.
A header line without "Name: " is a system line (encryption notice, "X added
Y"); a header whose date cannot exist is a problem. Times are the phone's local
time: they are read in the time zone the operator gives (default Europe/Amsterdam).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from .base import ParsedMessage, ParseResult, Problem, SystemLine, UnreadableExport

FORMAT = "whatsapp"
VERSION = "whatsapp-txt/1"

_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
_SPACE = r"[ \u00a0\u202f]"
_TIME = rf"(?P<time>\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?)"
_DATE = r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{2,4})"
IOS = re.compile(rf"^\[{_DATE},?{_SPACE}{_TIME}\]{_SPACE}(?P<rest>.*)$")
ANDROID = re.compile(rf"^{_DATE},?{_SPACE}{_TIME}{_SPACE}[-–]{_SPACE}(?P<rest>.*)$")
SENDER = re.compile(r"^(?P<sender>[^:]{1,80}?): (?P<text>.*)$", re.DOTALL)

ATTACHMENT_PATTERNS = [
    re.compile(r"<(?:attached|bijgevoegd|bijlage): (?P<name>[^>]+)>", re.IGNORECASE),
    re.compile(r"(?P<name>\S+\.\w{2,5}) \((?:file attached|bestand bijgevoegd)\)", re.IGNORECASE),
    re.compile(r"(?P<name><Media (?:omitted|weggelaten)>)", re.IGNORECASE),
    re.compile(
        r"^(?P<name>(?:image|video|audio|sticker|GIF|document|afbeelding|foto|audio|sticker)"
        r" (?:omitted|weggelaten))$",
        re.IGNORECASE,
    ),
]

NOTICES = (
    "messages and calls are end-to-end encrypted",
    "berichten en oproepen zijn end-to-end versleuteld",
    "messages to this chat and calls are now secured",
)

SYSTEM_PHRASES = [
    "end-to-end encrypted",
    "end-to-end versleuteld",
    "created group",
    "heeft groep",
    "added",
    "heeft toegevoegd",
    " left",
    "is vertrokken",
    "changed",
    "gewijzigd",
    "security code",
    "beveiligingscode",
    "missed voice call",
    "missed video call",
    "gemiste spraakoproep",
    "gemiste video-oproep",
    "disappearing messages",
    "verdwijnende berichten",
    "blocked this contact",
    "contact geblokkeerd",
]


def _clean(line: str) -> str:
    return line.strip(_INVISIBLE).rstrip("\r")


def looks_like(text: str) -> bool:
    """True when some of the first lines start a WhatsApp message."""
    lines = [_clean(line) for line in text.splitlines()[:50]]
    return any(IOS.match(line) or ANDROID.match(line) for line in lines)


def _date_order(headers: list[tuple[str, bool]]) -> str:
    """'dmy' or 'mdy' (years always last or first), decided once for the file."""
    first_big = second_big = False
    ampm = False
    for date, has_ampm in headers:
        parts = re.split(r"[./-]", date)
        if len(parts[0]) == 4:
            continue  # yyyy-mm-dd
        a, b = int(parts[0]), int(parts[1])
        first_big |= a > 12
        second_big |= b > 12
        ampm |= has_ampm
    if first_big and not second_big:
        return "dmy"
    if second_big and not first_big:
        return "mdy"
    return "mdy" if ampm else "dmy"


def _datetime(date: str, time: str, ampm: str | None, order: str, tz: ZoneInfo) -> datetime:
    parts = [int(p) for p in re.split(r"[./-]", date)]
    if len(str(re.split(r"[./-]", date)[0])) == 4:
        year, month, day = parts
    elif order == "mdy":
        month, day, year = parts
    else:
        day, month, year = parts
    if year < 100:
        year += 2000
    t = re.sub(_SPACE, "", time)
    if ampm:
        t = t[: -len(re.sub(_SPACE, "", ampm))]
    hms = [int(p) for p in re.split(r"[:.]", t)]
    hour, minute = hms[0], hms[1]
    second = hms[2] if len(hms) > 2 else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for AM/PM")
        pm = ampm.strip().lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


def _attachments(text: str) -> list[str]:
    found = []
    for pattern in ATTACHMENT_PATTERNS:
        found.extend(m.group("name").strip() for m in pattern.finditer(text.strip(_INVISIBLE)))
    return found


def parse(text: str, *, tz: str = "Europe/Amsterdam") -> ParseResult:
    zone = ZoneInfo(tz)
    raw_lines = text.splitlines()
    matched: list[tuple[int, str, re.Match | None]] = []
    for number, raw in enumerate(raw_lines, start=1):
        line = _clean(raw)
        match = IOS.match(line) or ANDROID.match(line)
        matched.append((number, line, match))
    headers = [(m.group("date"), bool(m.group("ampm"))) for _, _, m in matched if m]
    if not headers:
        raise UnreadableExport("Geen enkele regel begint als een WhatsApp-bericht.")
    order = _date_order(headers)

    messages: list[ParsedMessage] = []
    problems: list[Problem] = []
    system: list[SystemLine] = []
    current: ParsedMessage | None = None
    for number, line, match in matched:
        if match is None:
            if current is not None:
                current.text += "\n" + line
                current.attachments.extend(_attachments(line))
            elif line.strip():
                problems.append(Problem(number, "Regel hoort bij geen enkel bericht.", line))
            continue
        try:
            at = _datetime(
                match.group("date"), match.group("time"), match.group("ampm"), order, zone
            )
        except ValueError:
            problems.append(Problem(number, "Datum of tijd bestaat niet.", line))
            current = None
            continue
        rest = match.group("rest").strip(_INVISIBLE)
        sender_match = SENDER.match(rest)
        if sender_match is None:
            if any(phrase in rest.lower() for phrase in SYSTEM_PHRASES):
                system.append(SystemLine(number, rest))
            else:
                problems.append(
                    Problem(number, "Regel zonder afzender (onbekende systeemregel).", line)
                )
            current = None
            continue
        body = sender_match.group("text").strip(_INVISIBLE)
        if any(body.lower().startswith(notice) for notice in NOTICES):
            system.append(SystemLine(number, body))  # iOS puts the notice under a name
            current = None
            continue
        current = ParsedMessage(
            at=at,
            sender=sender_match.group("sender").strip(_INVISIBLE).strip(),
            text=body,
            attachments=_attachments(body),
            line=number,
        )
        messages.append(current)
    return ParseResult(messages, problems, FORMAT, VERSION, system)
