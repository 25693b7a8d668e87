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

_NUMBER_WORDS = "|".join(sorted(_WORD_DIGITS, key=len, reverse=True)) + "|één|eén|fünf"
# Only digit-like items are matched; any other word between two items breaks the run.
_ITEM_FIRST = "".join(sorted({c for w in _WORD_DIGITS for c in (w[0], w[0].upper())} | set("éÉ")))
# The leading lookahead lets the engine skip most positions after one cheap test.
_ITEM_RE = re.compile(
    rf"(?=[\d+＋OoIl|{_ITEM_FIRST}])(?:(?P<d>\d)(?P<kc>\ufe0f?\u20e3)?|(?P<plus>[+＋])"
    rf"|(?<![^\W\d_])(?P<w>(?i:{_NUMBER_WORDS})+|[OoIl|]{{1,4}})(?![^\W\d_]))"
)
# Characters that end a phone number; everything else between digits is a separator.
_BREAK_RE = re.compile(r"[\n\r,;:!?€$£%&=<>@#\[\]{}]|[^\W\d_]")
_PLAIN_GAP = " \t\u00a0\u2009\u202f-.()/"

# Negatives that start at a digit: prices, dates, times, heights/weights, ages,
# postcodes. Tried only at the start of each digit block, so they stay cheap.
_NEG_AT_RE = re.compile(
    "|".join(
        [
            r"(?<![\d.,\-/])\d+(?:[.,]\d+)*\s*(?:€|euros?\b|eur\b|,-|p/?u\b|/uur\b|per uur\b|/h\b|per hour\b|an hour\b)",
            r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)",
            r"(?<![\d.\-/])(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])(?:[-/.](?:\d{4}|\d{2}))?(?![\d]|[-/.]\d)",
            r"(?<![\d.:])(?:[01]?\d|2[0-4])[:.h]\d{2}(?![\d]|[:.]\d)(?:\s*uur\b)?",
            r"(?<![\d.:])(?:[01]?\d|2[0-4])\s*(?:uur|am|pm)\b",
            r"(?<![\d.,])\d+(?:[.,]\d+)?\s*(?:cm|mm|m|meter|kg|kilo|gram|lbs)\b",
            r"(?<![\d.,])\d{1,3}\s*(?:jaar|jr|years?|yrs?|y/o|yo|ans|jahre)\b",
        ]
    ),
    re.I,
)
_NEG_AT_CS_RE = re.compile(r"(?<![\w])\d{4}\s?[A-Z]{2}(?![A-Za-z])")  # postcode 3511 AB
# Negatives announced by what comes before the digits: currency, reference words, IBAN.
_CURRENCY = ("€", "$", "£", "eur", "euro")
_REFERENCE_WORDS = frozenset(
    [
        "ref",
        "referentie",
        "reference",
        "ordernummer",
        "order",
        "bestelnummer",
        "kenmerk",
        "factuurnummer",
        "factuur",
        "invoice",
        "klantnummer",
        "dossiernummer",
        "transactienummer",
        "artikelnummer",
    ]
)
_NUMBER_LABELS = frozenset({"nr", "no", "nummer", "number"})
_IBAN_BEFORE_RE = re.compile(r"\b[A-Z]{2}(?:\d{2}\s?[A-Z]{4}\s?)?$")
_NUMBER_RE = re.compile(r"\d(?:[\d \-.,]*\d)?")
_BLOCK_START_RE = re.compile(r"(?<!\d)\d")
_WA_RE = re.compile(
    r"(?:wa\.me/|whatsapp\.com/send/?\?phone=|whatsapp://send\?phone=)\+?(\d{8,15})", re.I
)

_PLAIN_GAPS = frozenset(["", " ", "-", ".", "/", " - ", "  ", "\u00a0", ") ", " (", "("])
_MAX_GAP = 8  # separator characters allowed between two digit tokens of one number
_SEGMENT_PREFIXES = frozenset(w[:3] for w in _WORD_DIGITS if len(w) >= 3)


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


def _announced_negative(text: str, pos: int) -> bool:
    """True when the digits at ``pos`` follow a currency, a reference label or an IBAN head."""
    before = text[max(0, pos - 30) : pos].lower().rstrip(" \t\u00a0:#.")
    if before.endswith(_CURRENCY[:3]) or (
        before.endswith(_CURRENCY[3:]) and not before[-5:-4].isalpha()
    ):
        return True
    words = [w.strip(".:#") for w in before.split()[-2:]]
    if words and words[-1] in _REFERENCE_WORDS:
        return True
    if len(words) == 2 and words[-1] in _NUMBER_LABELS and words[0] in _REFERENCE_WORDS:
        return True
    return _IBAN_BEFORE_RE.search(text, max(0, pos - 12), pos) is not None


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are prices, dates, times, sizes, ages, postcodes, IBANs or refs."""
    spans: list[tuple[int, int]] = []
    covered = -1
    for m in _BLOCK_START_RE.finditer(text):
        pos = m.start()
        if pos < covered:
            continue
        neg = _NEG_AT_RE.match(text, pos) or _NEG_AT_CS_RE.match(text, pos)
        if neg is not None:
            end = neg.end()
        elif _announced_negative(text, pos):
            end = _NUMBER_RE.match(text, pos).end()
        else:
            continue
        spans.append((pos, end))
        covered = end
    return spans


def _word_digits(word: str, start: int) -> list[_Tok] | None:
    """Digit tokens for a letter run that spells digits ("nul", "zesacht", "O", "Il")."""
    if len(word) <= 4 and all(c in _LETTER_DIGITS for c in word):
        return [_Tok(_LETTER_DIGITS[c], start + k, start + k + 1, True) for k, c in enumerate(word)]
    folded = _fold_word(word)
    digit = _WORD_DIGITS.get(folded)
    if digit is not None:
        return [_Tok(digit, start, start + len(word), True)]
    if len(folded) == len(word):
        parts = _segment_words(folded)
        if parts:
            return [_Tok(d, start + i, start + j, True) for d, i, j in parts]
    return None


def _runs(text: str) -> list[list[_Tok]]:
    """Runs of digit tokens that may form one phone number, spans in ``text``."""
    masks = _masked_spans(text) if _BLOCK_START_RE.search(text) else []
    mi = 0
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    prev_end = 0
    for m in _ITEM_RE.finditer(text):
        start = m.start()
        toks: list[_Tok] | None
        kind = m.lastgroup
        if kind == "w":
            toks = _word_digits(m.group("w"), start)
        elif kind == "plus":
            toks = [_Tok("+", start, m.end(), False)]
        else:
            c = m.group("d")
            toks = [
                _Tok(
                    str(unicodedata.decimal(c)),
                    start,
                    m.end(),
                    not c.isascii() or bool(m.group("kc")),
                )
            ]
        if toks is not None and masks:
            while mi < len(masks) and masks[mi][1] <= start:
                mi += 1
            if mi < len(masks) and masks[mi][0] <= start:
                toks = None
        if toks is None:
            if len(cur) >= 7:
                runs.append(cur)
            cur = []
            continue
        if cur:
            gap = text[prev_end:start]
            if gap in _PLAIN_GAPS and toks[0].d != "+":
                pass  # the common case: digits separated by nothing, a space, dash or dot
            elif len(gap) > _MAX_GAP or _BREAK_RE.search(gap) or toks[0].d == "+":
                if len(cur) >= 7:
                    runs.append(cur)
                cur = []
            elif gap.strip(_PLAIN_GAP):
                toks[0].obf = True  # stars, emoji or other odd characters between digits
        cur.extend(toks)
        prev_end = m.end()
    if len(cur) >= 7:
        runs.append(cur)
    return runs


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
    for run in _runs(text):
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
