"""Phone numbers in ad text: deobfuscation in front of libphonenumber.

Ads hide their numbers from filters: digits written as words ("nul zes een twee",
"zero six"), the letters O and I/l for 0 and 1, stars, dots and emoji between
digits, keycap emoji (1️⃣), full-width digits, ``wa.me/`` links. The pass here
maps the text to digit tokens while keeping every token's span in the ORIGINAL
text, finds candidate digit runs, validates them with phonenumbers
(``is_valid_number``) and maps the spans back.

Before the scan, spans that look like prices, dates, times, postcodes, IBANs,
heights/weights, ages and reference numbers are masked so their digits can never
become (part of) a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

__all__ = ["PhoneMatch", "find_phones", "normalise_phone"]

# Digits written as words (folded: lower case, no diacritics); nl, en, de.
_WORD_DIGITS: dict[str, str] = {
    "nul": "0", "een": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5",
    "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "null": "0", "eins": "1", "zwei": "2", "drei": "3", "funf": "5", "sechs": "6",
    "sieben": "7", "neun": "9",
}  # fmt: skip
_WORD_FIRST_LETTERS = frozenset(w[0] for w in _WORD_DIGITS)
# Letters ads use for digits; only when a whole letter run consists of them.
_LETTER_DIGITS = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}

# Ofcom's drama ranges are never assigned; libphonenumber calls them invalid, but
# fixtures and tests use them, so they are accepted as phone numbers.
_FICTIONAL_PREFIXES = ("+447700900", "+441632960")

_TOKEN_RE = re.compile(
    r"(?P<d>\d)(?P<kc>\ufe0f?\u20e3)?"  # a digit, maybe a keycap emoji
    r"|(?P<plus>[+＋])"
    r"|(?P<w>[^\W\d_]+)"  # a run of letters
    r"|(?P<sep>[ \t\u00a0\u2009\u202f\-.*/()_|~•·'\"])"
    r"|(?P<other>.)",
    re.S,
)

_NEGATIVE_RE = re.compile(
    "|".join(
        [
            # prices: €150, EUR 150, 150 euro, 150,-, 150 p/u
            r"(?:€|\beur\b|\beuro\b|\$|£)\s*\d+(?:[.,]\d+)*(?:,-)?",
            r"(?<![\d.,])\d+(?:[.,]\d+)*\s*(?:€|\beuros?\b|\beur\b|,-|\bp/?u\b|/uur\b|per uur\b|/h\b|per hour\b|an hour\b)",
            # ISO dates and day-month(-year) dates: 2026-03-12, 12-03-2026, 12/03, 1.3.26
            r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)",
            r"(?<![\d.\-/])(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])(?:[-/.](?:\d{4}|\d{2}))?(?![\d]|[-/.]\d)",
            # times: 22:00, 10.00 uur, 9 uur, 10pm
            r"(?<![\d.:])(?:[01]?\d|2[0-4])[:.h]\d{2}(?![\d]|[:.]\d)(?:\s*uur\b)?",
            r"(?<![\d.:])(?:[01]?\d|2[0-4])\s*(?:uur|am|pm)\b",
            # heights and weights: 1.72 m, 172cm, 55 kg
            r"(?<![\d.,])\d+(?:[.,]\d+)?\s*(?:cm|mm|m|meter|kg|kilo|gram|lbs)\b",
            # ages: 19 jaar, 21 years, 20 y/o
            r"(?<![\d.,])\d{1,3}\s*(?:jaar|jr|years?|yrs?|y/o|yo|ans|jahre)\b",
            # reference numbers: ref. 123456789, ordernummer 0612...
            r"\b(?:ref|referentie|reference|ordernummer|order|bestelnummer|kenmerk|factuurnummer|"
            r"factuur|invoice|klantnummer|dossiernummer|transactienummer|artikelnummer)\b\.?\s*"
            r"(?:nr\.?|no\.?|nummer|number|#)?\s*[:#]?\s*\d[\d \-]*\d",
        ]
    ),
    re.I,
)
# Case-sensitive negatives: postcodes (3511 AB) and IBANs (NL91ABNA0417164300).
_NEGATIVE_CS_RE = re.compile(
    r"(?<![\w])\d{4}\s?[A-Z]{2}(?![A-Za-z])"
    r"|\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){6,}"
)
_WA_RE = re.compile(
    r"(?:wa\.me/|whatsapp\.com/send/?\?phone=|whatsapp://send\?phone=)\+?(\d{8,15})", re.I
)

_MAX_GAP = 8  # separator characters allowed between two digit tokens of one number
_PLAIN_SEPARATORS = frozenset(" \t\u00a0-.()/")


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    """A validated phone number: E.164 value and its span in the original text."""

    value: str
    start: int
    end: int
    obfuscated: bool


@dataclass(slots=True)
class _Tok:
    d: str  # one digit, or "+"
    start: int
    end: int
    obf: bool


def _fold_word(word: str) -> str:
    word = word.lower()
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    return word


def _segment_words(word: str) -> list[tuple[str, int, int]] | None:
    """Split a letter run written without spaces ("nulzeseen") into digit words."""
    n = len(word)
    best: list[list[tuple[str, int, int]] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, min(n, i + 6) + 1):
            digit = _WORD_DIGITS.get(word[i:j])
            if digit is not None and best[j] is None:
                best[j] = [*best[i], (digit, i, j)]
    return best[n] or None


def _masked_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _NEGATIVE_RE.finditer(text)]
    spans.extend(m.span() for m in _NEGATIVE_CS_RE.finditer(text))
    return spans


def _tokens(text: str) -> list[_Tok | None]:
    """Digit tokens with original spans; None marks a run break."""
    masks = _masked_spans(text)
    mask_ends = sorted(masks)
    out: list[_Tok | None] = []
    gap = 0
    odd_gap = False
    mi = 0
    for m in _TOKEN_RE.finditer(text):
        start = m.start()
        while mi < len(mask_ends) and mask_ends[mi][1] <= start:
            mi += 1
        if mi < len(mask_ends) and mask_ends[mi][0] <= start < mask_ends[mi][1]:
            out.append(None)
            gap = 0
            continue
        kind = m.lastgroup
        if kind == "kc":
            kind = "d"
        toks: list[_Tok] = []
        if kind == "d":
            c = m.group("d")
            toks.append(_Tok(str(unicodedata.decimal(c)), start, m.end(), not c.isascii() or bool(m.group("kc"))))
        elif kind == "plus":
            toks.append(_Tok("+", start, m.end(), False))
        elif kind == "w":
            word = m.group("w")
            if all(c in _LETTER_DIGITS for c in word) and len(word) <= 4:
                toks.extend(_Tok(_LETTER_DIGITS[c], start + k, start + k + 1, True) for k, c in enumerate(word))
            else:
                folded = _fold_word(word)
                digit = _WORD_DIGITS.get(folded)
                if digit is not None:
                    toks.append(_Tok(digit, start, m.end(), True))
                elif len(folded) == len(word) and len(word) >= 5 and word[0].lower() in _WORD_FIRST_LETTERS:
                    parts = _segment_words(folded)
                    if parts:
                        toks.extend(_Tok(d, start + i, start + j, True) for d, i, j in parts)
        elif kind == "sep":
            gap += 1
            if m.group("sep") not in _PLAIN_SEPARATORS:
                odd_gap = True
            if gap > _MAX_GAP:
                out.append(None)
                gap = 0
            continue
        else:
            cat = unicodedata.category(m.group("other"))
            if cat in ("So", "Sk", "Mn", "Me", "Cf", "Co", "Cs", "Pd"):
                gap += 1
                odd_gap = True
                if gap > _MAX_GAP:
                    out.append(None)
                    gap = 0
                continue
        if not toks:
            out.append(None)
            gap = 0
            odd_gap = False
            continue
        if odd_gap and out and out[-1] is not None:
            toks[0].obf = True
        out.extend(toks)
        gap = 0
        odd_gap = False
    return out


@lru_cache(maxsize=65536)
def _validate(candidate: str, region: str) -> str | None:
    """E.164 form of a digit string ("+31..." / "0031..." / "06...") or None."""
    try:
        num = phonenumbers.parse(candidate, None if candidate.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    if phonenumbers.is_valid_number(num) or e164.startswith(_FICTIONAL_PREFIXES):
        return e164
    return None


def _validate_international(digits: str, region: str) -> str | None:
    value = _validate(digits, region)
    if value is not None:
        return value
    # "+31 (0)6 ..." writes the trunk 0 after the country code.
    body = digits[1:] if digits.startswith("+") else digits[2:]
    for cc_len in (1, 2, 3):
        if len(body) > cc_len + 1 and body[cc_len] == "0":
            value = _validate("+" + body[:cc_len] + body[cc_len + 1 :], region)
            if value is not None:
                return value
    return None


def _plausible_length(digits: str, region: str) -> bool:
    if digits.startswith("+"):
        return 8 <= len(digits) - 1 <= 15
    if digits.startswith("00"):
        return 10 <= len(digits) <= 17
    if region == "NL":
        return len(digits) == 10 or (digits[:2] in ("08", "09") and 8 <= len(digits) <= 11)
    return 7 <= len(digits) <= 12


def _runs(tokens: list[_Tok | None]) -> list[list[_Tok]]:
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for t in tokens:
        if t is None or (t.d == "+" and cur):
            if len(cur) >= 7:
                runs.append(cur)
            cur = [t] if t is not None else []
            continue
        cur.append(t)
    if len(cur) >= 7:
        runs.append(cur)
    return runs


def find_phones(text: str, default_region: str = "NL") -> list[PhoneMatch]:
    """All valid phone numbers in ``text`` with spans into ``text``, in order."""
    if not isinstance(text, str) or not text:
        return []
    found: list[PhoneMatch] = []
    for m in _WA_RE.finditer(text):
        value = _validate("+" + m.group(1), default_region)
        if value is not None:
            found.append(PhoneMatch(value, m.start(1), m.end(1), False))
    taken = [(p.start, p.end) for p in found]
    for run in _runs(_tokens(text)):
        n = len(run)
        i = 0
        while i < n:
            first = run[i]
            adjacent_before = i > 0 and run[i - 1].end == first.start
            if first.d not in "+0" or adjacent_before:
                i += 1
                continue
            match = None
            for j in range(min(n, i + 18), i, -1):
                if j < n and run[j].start == run[j - 1].end and run[j].d != "+":
                    continue  # never cut through a block of adjacent digits
                digits = "".join(t.d for t in run[i:j])
                if not _plausible_length(digits, default_region):
                    continue
                if digits.startswith(("+", "00")):
                    value = _validate_international(digits, default_region)
                else:
                    value = _validate(digits, default_region)
                if value is not None:
                    match = (value, j)
                    break
            if match is None:
                i += 1
                continue
            value, j = match
            start, end = first.start, run[j - 1].end
            if not any(s < end and start < e for s, e in taken):
                obf = any(t.obf for t in run[i:j])
                found.append(PhoneMatch(value, start, end, obf))
            i = j
    found.sort(key=lambda p: p.start)
    return found


def normalise_phone(raw: str, default_region: str = "NL") -> str | None:
    """The E.164 form of the first phone number in ``raw``, or None if there is none."""
    if not isinstance(raw, str):
        return None
    phones = find_phones(raw, default_region)
    return phones[0].value if phones else None
