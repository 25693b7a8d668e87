"""Indicator rules: YAML files beside this module, validated and compiled.

One file per language (``rules/nl.yaml``, ``rules/en.yaml``) plus
``rules/common.yaml`` for emoji codes and record-level detectors. A rule::

    - id: nl.minor.just-18
      category: minor            # minor | control | movement | coercion | volume | language
      weight: 30                 # must fit the evidence grade (see EVIDENCE_WEIGHTS)
      evidence: strong           # strong | moderate | weak
      source: "..."              # the published source of the indicator
      explanation: {nl: "...", en: "..."}
      patterns: ["net 18", "bijna 18"]
      negatable: true            # default: a negation cue just before the match cancels it

Pattern language (reviewable without knowing regular expressions):

- words match case-, diacritic- and repeat-insensitively ("jong" matches "JONGGG",
  "jóng"); any 0-4 spaces/punctuation/emoji may separate the words of a phrase;
- ``word*`` matches any word starting with ``word``;
- ``{minor_age}`` matches 10-17 in digits or words, ``{n}`` any 1-3 digit number,
  ``{word}`` any single word;
- ``regex:...`` is a raw regular expression on the folded (lower-case, no
  diacritics) text, for the rare rule that needs one.

A rule with ``detector:`` instead of ``patterns:`` is evaluated by code on the whole
record (e.g. ``obscured_phone``) but keeps its weight and wording here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = [
    "CATEGORIES",
    "DETECTORS",
    "EVIDENCE_WEIGHTS",
    "Rule",
    "RuleError",
    "RuleSet",
    "default_rules",
    "fold",
    "load_rules",
]

CATEGORIES = ("minor", "control", "movement", "coercion", "volume", "language")
EVIDENCE_WEIGHTS = {"strong": (10.0, 40.0), "moderate": (5.0, 25.0), "weak": (1.0, 10.0)}
DETECTORS = ("obscured_phone", "stated_age_under_18")
RULES_DIR = Path(__file__).with_name("rules")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_RULE_FIELDS = {
    "id", "category", "weight", "evidence", "source", "explanation", "patterns",
    "negatable", "detector", "exclude",
}  # fmt: skip
_FILE_FIELDS = {"language", "negation", "disclaimers", "rules"}


class RuleError(ValueError):
    """A rules file is invalid; the message names the file, rule id and field."""


class _FoldTable(dict):
    """str.translate table folding one character to one (lower case, no diacritics).

    Keeping one output character per input character means spans in the folded
    text are spans in the original text. The dict only memoises a pure function.
    """

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = "".join(
            ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch)
        )
        out = base.lower() if len(base) == 1 else c.lower()
        if len(out) != 1:
            out = c
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, keeping its length and offsets."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


_MINOR_AGES = [str(n) for n in range(10, 18)] + [
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
]
_SEP = r"[\W_]{0,4}?"
_WORDISH = re.compile(r"[^\W_]")


def _compile_word(word: str) -> str:
    if word == "{minor_age}":
        return "(?:" + "|".join(_compile_word(w) for w in _MINOR_AGES) + ")"
    if word == "{n}":
        return r"\d{1,3}"
    if word == "{word}":
        return r"[^\W\d_]+"
    prefix = word.endswith("*") and len(word) > 1
    if prefix:
        word = word[:-1]
    out = []
    prev = ""
    for c in fold(word):
        if c == prev and c.isalpha():
            continue  # "zeer" compiles like "zer"; each letter may repeat
        prev = c
        if c.isalpha():
            out.append(re.escape(c) + "+")
        elif c in "'’":
            out.append("['’]?")
        elif unicodedata.category(c) == "So":
            out.append(re.escape(c) + "\ufe0f?")
        else:
            out.append(re.escape(c))
    body = "".join(out)
    if prefix:
        body += r"[^\W_]*"
    return body


def _pattern_parts(pattern: str) -> tuple[bool, str, bool]:
    """(needs a word start before it, body regex, needs a word end after it)."""
    words = pattern.split()
    body = _SEP.join(_compile_word(w) for w in words)
    first, last = words[0], words[-1]
    starts_word = bool(_WORDISH.match(first[0])) or first.startswith("{")
    ends_word = (bool(_WORDISH.match(last[-1])) or last.endswith("}")) and not last.endswith("*")
    return starts_word, body, ends_word


def compile_pattern(pattern: str) -> str:
    """The regular expression (on folded text) for one rule pattern."""
    if pattern.startswith("regex:"):
        body = pattern[len("regex:") :].strip()
        re.compile(body)
        return body
    starts_word, body, ends_word = _pattern_parts(pattern)
    return (r"(?<![^\W_])" if starts_word else "") + body + (r"(?![^\W_])" if ends_word else "")


def _first_chars(word: str) -> set[str] | None:
    """Characters a match of ``word`` can start with (None: cannot tell)."""
    if word == "{minor_age}":
        return {fold(w)[0] for w in _MINOR_AGES}
    if word == "{n}":
        return set("0123456789")
    if word.startswith("{"):
        return None
    first = fold(word)[0]
    return {first} if first.isalnum() else None


def _combined(patterns: list[str]) -> re.Pattern | None:
    """One fast regex for many patterns: alternatives grouped by their first letter.

    Python's regex engine skips an alternative cheaply when its first character is
    a literal that does not match, so grouping by first letter keeps one pass over
    an ad fast even with hundreds of phrases.
    """
    by_first: dict[str, list[str]] = {}
    word_misc: list[tuple[str, set[str] | None]] = []
    other: list[str] = []
    for p in patterns:
        if p.startswith("regex:"):
            other.append(compile_pattern(p))
            continue
        starts_word, body, ends_word = _pattern_parts(p)
        tail = r"(?![^\W_])" if ends_word else ""
        if not starts_word:
            other.append(body + tail)
            continue
        c = fold(p.split()[0])[0]
        lead = re.escape(c) + "+"
        if c.isalpha() and body.startswith(lead):
            by_first.setdefault(c, []).append(re.escape(c) + "*" + body[len(lead) :] + tail)
        else:
            word_misc.append((body + tail, _first_chars(p.split()[0])))
    groups = [re.escape(c) + "(?:" + "|".join(alts) + ")" for c, alts in sorted(by_first.items())]
    groups.extend(alt for alt, _ in word_misc)
    firsts = set(by_first)
    for _, first in word_misc:
        firsts = None if first is None or firsts is None else firsts | first
    parts = []
    if groups:
        # The lookahead lets the engine reject most positions with one character test.
        ahead = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])" if firsts else ""
        parts.append(ahead + r"(?<![^\W_])(?:" + "|".join(groups) + ")")
    parts.extend(other)
    return re.compile("|".join(parts)) if parts else None


@dataclass(frozen=True)
class Rule:
    """One indicator rule as written in a rules file."""

    id: str
    category: str
    weight: float
    evidence: str
    source: str
    explanation: dict
    patterns: tuple[str, ...] = ()
    negatable: bool = True
    detector: str | None = None
    exclude: tuple[str, ...] = ()
    language: str = "common"
    file: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Validated rules with their compiled matchers, per language."""

    rules: tuple[Rule, ...]
    negation_cues: frozenset[str]
    negation_window: int
    disclaimers: tuple[str, ...]
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def detectors(self) -> dict[str, Rule]:
        if "detectors" not in self._compiled:
            self._compiled["detectors"] = {r.detector: r for r in self.rules if r.detector}
        return self._compiled["detectors"]

    def rules_at(self, lang: str | None, char: str) -> list[tuple[Rule, re.Pattern]]:
        """The rules (with their regex) whose match can start with ``char``."""
        key = ("at", lang or "*")
        if key not in self._compiled:
            _, per_rule = self.matcher(lang)
            index: dict[str | None, list[tuple[Rule, re.Pattern]]] = {}
            for rule, regex in per_rule:
                firsts: set[str | None] = set()
                for p in rule.patterns:
                    chars = None if p.startswith("regex:") else _first_chars(p.split()[0])
                    if chars is None and not p.startswith("regex:"):
                        first = fold(p.split()[0])[0]
                        chars = None if first == "{" else {first}
                    firsts.update(chars if chars is not None else {None})
                for c in firsts:
                    index.setdefault(c, []).append((rule, regex))
            self._compiled[key] = index
        index = self._compiled[key]
        found = index.get(char, [])
        anywhere = index.get(None)
        return found + anywhere if anywhere else found

    def languages(self) -> set[str]:
        return {r.language for r in self.rules}

    def matcher(self, lang: str | None) -> tuple[re.Pattern | None, list[tuple[Rule, re.Pattern]]]:
        """A combined regex for ``lang`` (None: all languages) and each rule's own regex.

        The combined regex finds where some rule matches; the rule's own regex then
        says which rule it is (only done at hits, which are rare).
        """
        key = lang or "*"
        if key not in self._compiled:
            rules = [
                r
                for r in self.rules
                if r.patterns and (lang is None or r.language in (lang, "common"))
            ]
            per_rule = [
                (r, re.compile("|".join(compile_pattern(p) for p in r.patterns))) for r in rules
            ]
            combined = _combined([p for r in rules for p in r.patterns])
            self._compiled[key] = (combined, per_rule)
        return self._compiled[key]

    def disclaimer_regex(self) -> re.Pattern | None:
        if "disclaimers" not in self._compiled:
            self._compiled["disclaimers"] = _combined(list(self.disclaimers))
        return self._compiled["disclaimers"]

    def exclude_regex(self, rule: Rule) -> re.Pattern | None:
        key = ("exclude", rule.id)
        if key not in self._compiled:
            parts = [compile_pattern(p) for p in rule.exclude]
            self._compiled[key] = re.compile("|".join(parts)) if parts else None
        return self._compiled[key]


def _fail(file: str, rule_id: str | None, field_name: str | None, problem: str) -> RuleError:
    where = file
    if rule_id is not None:
        where += f": rule {rule_id!r}"
    if field_name is not None:
        where += f": field {field_name!r}"
    return RuleError(f"{where}: {problem}")


def _validate_rule(raw: object, index: int, file: str, language: str) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(file, f"#{index + 1}", None, "a rule must be a mapping of fields")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID_RE.match(rule_id):
        raise _fail(
            file, f"#{index + 1}", "id", "must be lower-case letters, digits, '.', '_', '-'"
        )
    unknown = set(raw) - _RULE_FIELDS
    if unknown:
        raise _fail(file, rule_id, sorted(unknown)[0], "is not a known rule field")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise _fail(file, rule_id, "category", f"must be one of {', '.join(CATEGORIES)}")
    evidence = raw.get("evidence")
    if evidence not in EVIDENCE_WEIGHTS:
        raise _fail(file, rule_id, "evidence", "must be strong, moderate or weak")
    weight = raw.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise _fail(file, rule_id, "weight", "must be a number")
    low, high = EVIDENCE_WEIGHTS[evidence]
    if not low <= weight <= high:
        raise _fail(
            file, rule_id, "weight", f"{weight} does not fit {evidence} evidence ({low:g}-{high:g})"
        )
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(file, rule_id, "source", "must name the published source")
    explanation = raw.get("explanation")
    if not isinstance(explanation, dict) or not all(
        isinstance(explanation.get(k), str) and explanation[k].strip() for k in ("nl", "en")
    ):
        raise _fail(file, rule_id, "explanation", "must have non-empty 'nl' and 'en' texts")
    detector = raw.get("detector")
    patterns = raw.get("patterns", [])
    if detector is not None:
        if detector not in DETECTORS:
            raise _fail(file, rule_id, "detector", f"must be one of {', '.join(DETECTORS)}")
        if patterns:
            raise _fail(file, rule_id, "patterns", "a detector rule has no patterns")
    elif not isinstance(patterns, list) or not patterns:
        raise _fail(file, rule_id, "patterns", "must be a non-empty list of phrases")
    for key in ("patterns", "exclude"):
        values = raw.get(key, [])
        if not isinstance(values, list):
            raise _fail(file, rule_id, key, "must be a list of phrases")
        for p in values:
            if not isinstance(p, str) or not p.strip():
                raise _fail(file, rule_id, key, "every entry must be a non-empty phrase")
            try:
                re.compile(compile_pattern(p))
            except re.error as exc:
                raise _fail(file, rule_id, key, f"{p!r} does not compile: {exc}") from None
    negatable = raw.get("negatable", True)
    if not isinstance(negatable, bool):
        raise _fail(file, rule_id, "negatable", "must be true or false")
    return Rule(
        id=rule_id,
        category=category,
        weight=float(weight),
        evidence=evidence,
        source=source.strip(),
        explanation={"nl": explanation["nl"].strip(), "en": explanation["en"].strip()},
        patterns=tuple(patterns),
        negatable=negatable,
        detector=detector,
        exclude=tuple(raw.get("exclude", [])),
        language=language,
        file=file,
    )


def _load_file(path: Path) -> tuple[list[Rule], list[str], int, list[str]]:
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(name, None, None, f"cannot be read as YAML: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(name, None, None, "must be a mapping with 'language' and 'rules'")
    unknown = set(data) - _FILE_FIELDS
    if unknown:
        raise _fail(name, None, sorted(unknown)[0], "is not a known top-level field")
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise _fail(name, None, "language", "must be a language code such as 'nl'")
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list):
        raise _fail(name, None, "rules", "must be a list of rules")
    rules = [_validate_rule(r, i, name, language) for i, r in enumerate(rules_raw)]
    negation = data.get("negation") or {}
    if not isinstance(negation, dict):
        raise _fail(name, None, "negation", "must be a mapping with 'cues' and 'window'")
    cues = negation.get("cues", [])
    window = negation.get("window", 3)
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise _fail(name, None, "negation.cues", "must be a list of words")
    if not isinstance(window, int) or window < 1:
        raise _fail(name, None, "negation.window", "must be a positive number of words")
    disclaimers = data.get("disclaimers", [])
    if not isinstance(disclaimers, list) or not all(
        isinstance(d, str) and d.strip() for d in disclaimers
    ):
        raise _fail(name, None, "disclaimers", "must be a list of phrases")
    return rules, [fold(c) for c in cues], window, disclaimers


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and validate rules from a YAML file or a directory of them.

    ``path`` None loads the rules shipped beside this module. Raises
    :class:`RuleError` naming the file, the rule id and the field at fault.
    """
    root = Path(path) if path is not None else RULES_DIR
    files = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
    if not files:
        raise RuleError(f"{root}: no rules files (*.yaml) found")
    rules: list[Rule] = []
    cues: set[str] = set()
    window = 1
    disclaimers: list[str] = []
    for f in files:
        file_rules, file_cues, file_window, file_disclaimers = _load_file(f)
        rules.extend(file_rules)
        cues.update(file_cues)
        window = max(window, file_window)
        disclaimers.extend(file_disclaimers)
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise _fail(rule.file, rule.id, "id", f"is also used in {seen[rule.id]}")
        seen[rule.id] = rule.file
    return RuleSet(tuple(rules), frozenset(cues), window, tuple(disclaimers))


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rules, loaded once (an immutable RuleSet)."""
    return load_rules()
