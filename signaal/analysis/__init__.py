"""Framework-free analysis of ads: selectors, indicators, scores and networks.

Plain data in, plain data out; no Django imports. Public API::

    extract_selectors(text) -> list[Selector]
    normalise_phone(raw, default_region="NL") -> str | None
    match_indicators(text, *, lang=None) -> list[Indicator]
    load_rules(path=None) -> RuleSet
    score_ad(record) -> AdAnalysis
    AdLinker().add(analysis); .cluster_of(ad_id); .clusters()
"""

from .indicators import Indicator, match_indicators
from .linking import AdLinker, Cluster
from .rules import RuleError, RuleSet, load_rules
from .scoring import AdAnalysis, score_ad
from .selectors import Selector, canonical_url, extract_selectors, normalise_email, normalise_phone

__all__ = [
    "AdAnalysis",
    "AdLinker",
    "Cluster",
    "Indicator",
    "RuleError",
    "RuleSet",
    "Selector",
    "canonical_url",
    "extract_selectors",
    "load_rules",
    "match_indicators",
    "normalise_email",
    "normalise_phone",
    "score_ad",
]
