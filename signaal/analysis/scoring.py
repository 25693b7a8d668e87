"""Score an ad 0-100 from its indicators, with a line of explanation per step.

Formula (also in ``signaal/analysis/README.md``):

1. per rule, repeats diminish: a rule that fires ``n`` times contributes
   ``w * (1 + 1/2 + 1/4 + ...)`` = ``w * 2 * (1 - 0.5**n)``, at most ``2w``;
2. per category, contributions add up to a cap (``CATEGORY_CAPS``); movement is
   capped at 8 because travel language alone says little (NIJ-funded study 2024);
3. ``S`` = sum over categories; ``score = round(100 * (1 - exp(-S / K)))`` with
   ``K = 40``: one strong minor indicator (weight 30) gives 53, movement alone at
   most 18, and the score saturates instead of growing without bound.

An ad is *flagged* when its score is at least ``FLAG_THRESHOLD`` (50).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .indicators import Indicator, indicator_from_rule, match_indicators
from .phones import find_phones
from .rules import RuleSet, default_rules
from .selectors import Selector, extract_selectors

__all__ = [
    "CATEGORY_CAPS",
    "FLAG_THRESHOLD",
    "K",
    "MAX_FIELD_CHARS",
    "AdAnalysis",
    "score_ad",
    "score_indicators",
]

K = 40.0
FLAG_THRESHOLD = 50
CATEGORY_CAPS = {
    "minor": 80.0,
    "coercion": 40.0,
    "control": 40.0,
    "language": 40.0,
    "volume": 25.0,
    "movement": 8.0,
}
# Fields longer than this are analysed up to this many characters (the record
# itself is passed on unchanged); keeps one pathological ad from stalling a batch.
MAX_FIELD_CHARS = 100_000
TEXT_FIELDS = ("title", "text")


@dataclass
class AdAnalysis:
    """What the analysis says about one ad, plus what linking needs from it."""

    ad_id: str
    selectors: list[Selector]
    indicators: list[Indicator]
    score: int
    explanation: list[str]
    link_text: str = ""
    city: str | None = None
    posted_at: str | None = None
    image_phashes: list[int] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.score >= FLAG_THRESHOLD

    def to_dict(self) -> dict:
        """The keys ``signaal analyse`` adds to a record."""
        return {
            "selectors": [s.to_dict() for s in self.selectors],
            "indicators": [i.to_dict() for i in self.indicators],
            "score": self.score,
            "explanation": self.explanation,
        }


def score_indicators(indicators: list[Indicator]) -> tuple[int, list[str]]:
    """The 0-100 score of a list of indicators and the lines explaining it."""
    lines: list[str] = []
    seen: dict[str, int] = {}
    per_category: dict[str, float] = {}
    for ind in indicators:
        n = seen.get(ind.id, 0)
        seen[ind.id] = n + 1
        contribution = ind.weight * (0.5**n)
        per_category[ind.category] = per_category.get(ind.category, 0.0) + contribution
        repeat = f" (repeat {n + 1}, halved {n}x)" if n else ""
        lines.append(
            f"+{contribution:.1f} {ind.category} {ind.id} {ind.field}[{ind.start}:{ind.end}] "
            f"({ind.evidence}){repeat}: {ind.explanation['en']}"
        )
    total = 0.0
    for category, value in sorted(per_category.items()):
        cap = CATEGORY_CAPS.get(category, 40.0)
        if value > cap:
            lines.append(f"= {category} capped at {cap:g} (was {value:.1f})")
            value = cap
        total += value
    score = round(100 * (1 - math.exp(-total / K)))
    lines.append(f"score {score} = round(100 * (1 - exp(-{total:.1f} / {K:g})))")
    return score, lines


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _parse_phash(value: object) -> int | None:
    if not isinstance(value, str) or not 1 <= len(value) <= 16:
        return None
    try:
        return int(value, 16)
    except ValueError:
        return None


def _stated_age(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return float(value.strip())
    return None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the selector spans replaced by spaces (for template shingles)."""
    if not spans:
        return text
    parts = []
    pos = 0
    for start, end in sorted(spans):
        if start > pos:
            parts.append(text[pos:start])
        parts.append(" ")
        pos = max(pos, end)
    parts.append(text[pos:])
    return "".join(parts)


def score_ad(record: dict, *, rules: RuleSet | None = None, lang: str | None = None) -> AdAnalysis:
    """Selectors, indicators and score of one ad record (a dict as in DESIGN.md).

    Missing or mistyped fields are treated as empty; text fields are analysed up
    to ``MAX_FIELD_CHARS`` characters.
    """
    rules = rules or default_rules()
    ad_id = str(record.get("id", "")) if record.get("id") is not None else ""
    selectors: list[Selector] = []
    indicators: list[Indicator] = []
    link_parts: list[str] = []
    truncated: list[str] = []
    for name in TEXT_FIELDS:
        text = _as_text(record.get(name))
        if len(text) > MAX_FIELD_CHARS:
            text = text[:MAX_FIELD_CHARS]
            truncated.append(name)
        if not text:
            continue
        field_selectors = [
            Selector(s.kind, s.value, s.start, s.end, s.obfuscated, name)
            for s in extract_selectors(text)
        ]
        selectors.extend(field_selectors)
        indicators.extend(
            match_indicators(text, lang=lang, rules=rules, selectors=field_selectors, field=name)
        )
        link_parts.append(_blank(text, [(s.start, s.end) for s in field_selectors]))
    phones = record.get("phones")
    if isinstance(phones, str):
        phones = [phones]
    detectors = rules.detectors()
    if isinstance(phones, list):
        for raw in phones[:50]:
            if not isinstance(raw, str) or not raw:
                continue
            for p in find_phones(raw[:1000]):
                selectors.append(Selector("phone", p.value, p.start, p.end, p.obfuscated, "phones"))
                if p.obfuscated and "obscured_phone" in detectors:
                    indicators.append(
                        indicator_from_rule(detectors["obscured_phone"], p.start, p.end, "phones")
                    )
    age = _stated_age(record.get("age"))
    if age is not None and 0 < age < 18 and "stated_age_under_18" in detectors:
        indicators.append(
            indicator_from_rule(
                detectors["stated_age_under_18"], 0, len(str(record.get("age"))), "age"
            )
        )
    score, explanation = score_indicators(indicators)
    images = record.get("images")
    phashes: list[int] = []
    if isinstance(images, list):
        for image in images[:20]:
            if isinstance(image, dict):
                value = _parse_phash(image.get("phash"))
                if value is not None and value not in phashes:
                    phashes.append(value)
    city = record.get("city") if isinstance(record.get("city"), str) else None
    posted = record.get("posted_at") if isinstance(record.get("posted_at"), str) else None
    return AdAnalysis(
        ad_id=ad_id,
        selectors=selectors,
        indicators=indicators,
        score=score,
        explanation=explanation,
        link_text="\n".join(link_parts),
        city=city,
        posted_at=posted,
        image_phashes=phashes,
        truncated=truncated,
    )
