"""Selectors: the contact points in an ad (phone, e-mail, social handle, URL).

``extract_selectors(text)`` returns every selector with its span in the ORIGINAL
text (``text[start:end]`` is the raw matched string) and a canonical value, so the
same contact written differently in two ads yields the same value:

- ``phone``: E.164 (``+31612345678``), see :mod:`signaal.analysis.phones`;
- ``email``: lower case (``naam@domein.nl``), also from ``naam [at] domein [dot] nl``;
- ``handle``: ``platform:handle`` with a lower-case handle (``snapchat:lisa_x``);
- ``url``: canonical URL (lower-case scheme and host, no fragment, no default port,
  no trailing slash except for the root).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .phones import find_phones, normalise_phone

__all__ = [
    "Selector",
    "canonical_url",
    "extract_selectors",
    "normalise_email",
    "normalise_phone",
]

KINDS = ("phone", "email", "handle", "url")


@dataclass(frozen=True, slots=True)
class Selector:
    """One contact point found in a text.

    ``start``/``end`` index into the field the selector came from (``field``);
    ``obfuscated`` is true for a phone number that only appeared after deobfuscation.
    """

    kind: str
    value: str
    start: int
    end: int
    obfuscated: bool = False
    field: str = "text"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "span": [self.start, self.end],
            "field": self.field,
            "obfuscated": self.obfuscated,
        }


# --- e-mail -----------------------------------------------------------------

_AT = r"(?:\s*@\s*|\s*[\[\(\{<]\s*(?:at|@|apenstaartje)\s*[\]\)\}>]\s*|\s+(?:at|apenstaartje)\s+)"
_DOT = r"(?:\.|\s*[\[\(\{<]\s*(?:dot|punt|\.)\s*[\]\)\}>]\s*|\s+(?:dot|punt)\s+)"
_SPELLED_TLDS = (
    "nl|be|de|com|net|org|eu|info|ro|bg|hu|pl|uk|co\\.uk|fr|es|it|io|me|biz|at|ch|cz|sk|ru|ua"
)
_AT_RE = re.compile(_AT, re.I)
_LOCAL_BEFORE_RE = re.compile(r"(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}$", re.I)
_DOMAIN_AFTER_RE = re.compile(
    rf"(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?{_DOT})+(?P<tld>[a-z]{{2,24}})(?![\w-])", re.I
)
_AT_HINT_RE = re.compile(r"@|[\[\(\{<]\s*(?:at|@)|\bat\s+\S+\s+(?:dot|punt)\b|apenstaartje", re.I)
_SPELLED_HINTS = ("dot", "punt", "(at", "[at", "{at", "<at", "( at", "[ at")
_DOT_SPLIT_RE = re.compile(_DOT, re.I)
_SPELLED_TLD_RE = re.compile(rf"(?:{_SPELLED_TLDS})", re.I)


def _emails(text: str, low: str | None = None) -> list[Selector]:
    out: list[Selector] = []
    low = text.lower() if low is None else low
    spelled = "at" in low and any(k in low for k in _SPELLED_HINTS)
    if not ("@" in text or spelled or "apenstaartje" in low) or not _AT_HINT_RE.search(text):
        return out
    for at in _AT_RE.finditer(text):
        local = _LOCAL_BEFORE_RE.search(text, max(0, at.start() - 64), at.start())
        domain = _DOMAIN_AFTER_RE.match(text, at.end())
        if local is None or domain is None:
            continue
        value = _email_value(local.group(0), at.group(0), domain.group(0), domain.group("tld"))
        if value:
            out.append(Selector("email", value, local.start(), domain.end()))
    return out


def normalise_email(raw: str) -> str | None:
    """Lower-case ``local@domain`` from a plain or spelled-out address, or None."""
    found = _emails(raw) if isinstance(raw, str) else []
    return found[0].value if found else None


def _email_value(local: str, at: str, domain: str, tld: str) -> str | None:
    spelled = "@" not in at or not all(p == "." for p in _DOT_SPLIT_RE.findall(domain))
    if spelled and not _SPELLED_TLD_RE.fullmatch(tld):
        return None  # "meet me at home dot now" is not an address
    labels = [p for p in _DOT_SPLIT_RE.split(domain) if p]
    return f"{local.lower()}@{'.'.join(labels).lower()}"


# --- URLs --------------------------------------------------------------------

_PLATFORM_DOMAINS = (
    r"t\.me|telegram\.me|wa\.me|snapchat\.com|instagram\.com|tiktok\.com|onlyfans\.com"
    r"|twitter\.com|x\.com|signal\.me"
)
_URL_RE = re.compile(
    rf"(?:\b(?:https?|hxxps?)://|\bwww\.|\b(?:{_PLATFORM_DOMAINS})/)[^\s<>\"'\]\[{{}}|\\^`]+",
    re.I,
)
_TRAILING = ".,;:!?)'\"»"


def canonical_url(raw: str) -> str | None:
    """Canonical form of a URL, or None when it is not a usable http(s) URL."""
    if not isinstance(raw, str):
        return None
    url = raw.strip().rstrip(_TRAILING)
    if re.match(r"hxxps?://", url, re.I):
        url = "http" + url[4:]
    if "://" not in url:
        url = ("https://" if not url.lower().startswith("www.") else "http://") + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in ("http", "https") or not host or "." not in host:
        return None
    netloc = host
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


# --- social handles ------------------------------------------------------------

_PLATFORM_NAMES = {
    "snapchat": "snapchat", "snap": "snapchat", "snapch": "snapchat", "sc": "snapchat",
    "snp": "snapchat", "sn@p": "snapchat", "👻": "snapchat",
    "instagram": "instagram", "insta": "instagram", "ig": "instagram", "instgram": "instagram",
    "telegram": "telegram", "tele": "telegram", "tg": "telegram", "telegr": "telegram",
    "tiktok": "tiktok", "tik tok": "tiktok", "tt": "tiktok",
    "onlyfans": "onlyfans", "only fans": "onlyfans", "of": "onlyfans", "0nlyfans": "onlyfans",
    "twitter": "x", "x": "x",
    "signal": "signal",
    "whatsapp": "whatsapp", "wa": "whatsapp",
}  # fmt: skip
# Short or common-word labels only count with an explicit ":" / "@" before the handle.
_STRICT_LABELS = frozenset({"sc", "ig", "tg", "tt", "of", "x", "wa", "tele", "signal", "whatsapp"})
_LABEL_RE = re.compile(
    r"(?=[sStTiIoO0xXwW👻])(?P<label>snapchat|snapch|snap|snp|sc|sn@p|👻|instagram|instgram|insta|ig|telegram|telegr|tele|tg"
    r"|tik ?tok|tt|only ?fans|0nlyfans|of|twitter|x|signal|whatsapp|wa)"
    r"(?P<sep>\s*(?:[:=>\-–]+|\bme\b|\bis\b|\bmij\b|\bop\b|\bop\s+@)?\s*)(?P<at>@)?"
    r"(?P<handle>[a-z0-9](?:[a-z0-9._]{0,30}[a-z0-9_])?)(?![\w@])",
    re.I,
)
_HANDLE_URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<domain>t\.me|telegram\.me|snapchat\.com/add|instagram\.com"
    r"|tiktok\.com/@|onlyfans\.com|twitter\.com|x\.com)/?(?P<handle>[a-z0-9._]{2,32})(?![\w.])",
    re.I,
)
_URL_PLATFORM = {
    "t.me": "telegram", "telegram.me": "telegram", "snapchat.com/add": "snapchat",
    "instagram.com": "instagram", "tiktok.com/@": "tiktok", "onlyfans.com": "onlyfans",
    "twitter.com": "x", "x.com": "x",
}  # fmt: skip
# Substrings of every label that may stand without ":" or "@" (the cheap pre-check).
_LABEL_HINTS = (
    "snap",
    "snp",
    "sn@p",
    "👻",
    "insta",
    "instgram",
    "telegr",
    "tik",
    "fans",
    "0nly",
    "twitter",
)
_NOT_HANDLES = frozenset(
    [
        "me",
        "mij",
        "mee",
        "naar",
        "for",
        "voor",
        "en",
        "and",
        "or",
        "of",
        "ook",
        "too",
        "only",
        "alleen",
        "is",
        "op",
        "at",
        "the",
        "de",
        "het",
        "een",
        "a",
        "an",
        "my",
        "mijn",
        "your",
        "je",
        "jouw",
        "via",
        "add",
        "me!",
        "here",
        "hier",
        "dm",
        "pm",
        "contact",
        "bericht",
        "message",
        "chat",
        "check",
        "volg",
        "follow",
        "please",
        "pls",
        "aub",
        "nu",
        "now",
        "ok",
        "oke",
    ]
)
_RESERVED_PATHS = frozenset({"share", "joinchat", "login", "home", "explore", "about", "help", "s"})


def _handles(text: str, low: str) -> list[Selector]:
    out: list[Selector] = []
    for m in _HANDLE_URL_RE.finditer(text) if (".me/" in low or ".com/" in low) else ():
        handle = m.group("handle").lower().rstrip(".")
        if handle in _RESERVED_PATHS:
            continue
        platform = _URL_PLATFORM[m.group("domain").lower()]
        out.append(Selector("handle", f"{platform}:{handle}", m.start(), m.end()))
    if not (any(k in low for k in _LABEL_HINTS) or any(c in text for c in ":@=>")):
        return out  # no platform name and no explicit "label: handle": nothing to find
    pos = 0
    while (m := _LABEL_RE.search(text, pos)) is not None:
        pos = m.start() + 1  # a rejected label may hide a real one inside its match
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in "_@":
            continue
        label = re.sub(r"\s+", " ", m.group("label").lower())
        handle = m.group("handle").lower()
        explicit = bool(m.group("at")) or any(c in m.group("sep") for c in ":=>")
        if label in _STRICT_LABELS and not explicit:
            continue
        worded = bool(re.search(r"[a-z]", m.group("sep"), re.I))
        if worded and not m.group("at") and not re.search(r"[\d_.]", handle):
            continue  # "insta is leuk": a word after "is"/"op" needs @ or a handle-like shape
        if handle in _NOT_HANDLES or handle.isdigit():
            continue
        if any(s.start <= m.start() < s.end for s in out):
            continue
        platform = _PLATFORM_NAMES[label]
        if platform == "whatsapp":
            continue  # WhatsApp contacts are phone numbers; the phone pass finds them
        out.append(Selector("handle", f"{platform}:{handle}", m.start(), m.end()))
        pos = m.end()
    return out


def extract_selectors(text: str, *, default_region: str = "NL") -> list[Selector]:
    """Every phone, e-mail, handle and URL in ``text``, sorted by position.

    Never raises on odd input: a non-string or empty text gives an empty list.
    """
    if not isinstance(text, str) or not text:
        return []
    found: list[Selector] = [
        Selector("phone", p.value, p.start, p.end, p.obfuscated)
        for p in find_phones(text, default_region)
    ]
    low = text.lower()
    found.extend(_emails(text, low))
    found.extend(_handles(text, low))
    emails = [(s.start, s.end) for s in found if s.kind == "email"]
    has_url = "://" in text or "www." in low or ".me/" in low or ".com/" in low
    for m in _URL_RE.finditer(text) if has_url else ():
        raw = m.group(0)
        stripped = raw.rstrip(_TRAILING)
        value = canonical_url(stripped)
        start, end = m.start(), m.start() + len(stripped)
        if value and not any(s <= start < e for s, e in emails):
            found.append(Selector("url", value, start, end))
    found.sort(key=lambda s: (s.start, s.end, s.kind))
    return found
