"""Indicator matching: rules from ``rules/*.yaml`` applied to ad text.

``match_indicators(text)`` folds the text (lower case, no diacritics, same length),
runs one combined regular expression per language and drops matches that are

- negated: a negation cue ("geen", "niet", "no", "not", ...) among the few words
  before the match in the same sentence ("geen minderjarigen", "not young");
- inside a disclaimer ("18+ only", "zelfstandig", "no agency"), or inside one of
  the rule's own ``exclude`` phrases.

An obscured phone number (found only after deobfuscation) is an indicator too;
pass the selectors you already have, or they are extracted here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .rules import Rule, RuleSet, default_rules, fold
from .selectors import Selector, extract_selectors

__all__ = ["Indicator", "match_indicators", "indicator_from_rule"]

_SENTENCE_END = re.compile(r"[.!?\n;]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One rule that fired, with the span of the words that made it fire."""

    id: str
    category: str
    weight: float
    start: int
    end: int
    explanation: dict
    source: str
    evidence: str
    field: str = "text"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "category": self.category,
            "weight": self.weight,
            "span": [self.start, self.end],
            "field": self.field,
            "evidence": self.evidence,
            "explanation": self.explanation,
        }


def indicator_from_rule(rule: Rule, start: int, end: int, field: str = "text") -> Indicator:
    return Indicator(
        id=rule.id,
        category=rule.category,
        weight=rule.weight,
        start=start,
        end=end,
        explanation=rule.explanation,
        source=rule.source,
        evidence=rule.evidence,
        field=field,
    )


def _negated(folded: str, start: int, rules: RuleSet) -> bool:
    window_start = max(0, start - 60)
    before = folded[window_start:start]
    cut = None
    for m in _SENTENCE_END.finditer(before):
        cut = m.end()
    if cut is not None:
        before = before[cut:]
    words = _WORD.findall(before)[-rules.negation_window :]
    return any(w in rules.negation_cues for w in words)


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _which_rule(per_rule, folded: str, start: int, end: int) -> tuple[Rule | None, int]:
    first: tuple[Rule | None, int] = (None, end)
    for rule, regex in per_rule:
        m = regex.match(folded, start)
        if m is None:
            continue
        if m.end() == end:
            return rule, end
        if first[0] is None:
            first = (rule, m.end())
    return first


def match_indicators(
    text: str,
    *,
    lang: str | None = None,
    rules: RuleSet | None = None,
    selectors: list[Selector] | None = None,
    field: str = "text",
) -> list[Indicator]:
    """Indicators in ``text`` with spans into ``text``, sorted by position.

    ``lang`` restricts the rules to one language (plus the common rules); None
    applies every language, since ads mix Dutch and English. Never raises on odd
    input: a non-string or empty text gives an empty list.
    """
    if not isinstance(text, str) or not text:
        return []
    rules = rules or default_rules()
    regex, _ = rules.matcher(lang)
    folded = fold(text)
    found: list[Indicator] = []
    if regex is not None:
        disclaimer_re = rules.disclaimer_regex()
        disclaimers = [m.span() for m in disclaimer_re.finditer(folded)] if disclaimer_re else []
        for m in regex.finditer(folded):
            start = m.start()
            rule, end = _which_rule(rules.rules_at(lang, folded[start]), folded, start, m.end())
            if rule is None or start == end or _inside(disclaimers, start, end):
                continue
            if rule.negatable and _negated(folded, start, rules):
                continue
            exclude_re = rules.exclude_regex(rule) if rule.exclude else None
            if exclude_re and _inside((x.span() for x in exclude_re.finditer(folded)), start, end):
                continue
            found.append(indicator_from_rule(rule, start, end, field))
    obscured = rules.detectors().get("obscured_phone")
    if obscured is not None:
        if selectors is None:
            selectors = extract_selectors(text)
        for sel in selectors:
            if sel.kind == "phone" and sel.obfuscated:
                found.append(indicator_from_rule(obscured, sel.start, sel.end, field))
    found.sort(key=lambda i: (i.start, i.end, i.id))
    return found
