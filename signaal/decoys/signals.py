"""Grooming-risk signals per message, from the rules in rules/grooming_signals.yaml.

Framework-free: plain text in, rule ids out. Rules are data: add or change one
in the YAML file, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules") / "grooming_signals.yaml"


@dataclass(frozen=True)
class SignalRule:
    id: str
    label_nl: str
    label_en: str
    explanation_nl: str
    explanation_en: str
    source: str
    pattern: re.Pattern


@cache
def rules() -> dict[str, SignalRule]:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    result = {}
    for raw in data["rules"]:
        result[raw["id"]] = SignalRule(
            id=raw["id"],
            label_nl=raw["label"]["nl"],
            label_en=raw["label"]["en"],
            explanation_nl=raw["explanation"]["nl"],
            explanation_en=raw["explanation"]["en"],
            source=raw["source"],
            pattern=re.compile("|".join(f"(?:{p})" for p in raw["patterns"]), re.IGNORECASE),
        )
    return result


def rules_version() -> int:
    return int(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["version"])


def signals_in(text: str) -> list[str]:
    """The ids of the rules that tag `text`, in the order of the rules file."""
    return [rule.id for rule in rules().values() if rule.pattern.search(text or "")]
