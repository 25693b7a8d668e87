"""Indicator rules: what must fire, what must not (negation, disclaimers), spans."""

import pytest

from signaal.analysis import match_indicators
from signaal.analysis.rules import CATEGORIES

MUST_FIRE = [
    ("net 18", "Lisa, net 18 en nieuw hier", "nl.minor.just-18"),
    ("bijna 18", "bijna 18 jaar", "nl.minor.just-18"),
    ("nog geen 18", "nog geen 18!", "nl.minor.just-18"),
    ("net 18 plus", "net 18+", "nl.minor.just-18"),
    ("ziet eruit als 15", "ik ziet eruit als 15", "nl.minor.looks-young"),
    ("lijk vijftien", "ik lijk vijftien", "nl.minor.looks-young"),
    ("just turned 18", "I just turned 18", "en.minor.just-18"),
    ("barely legal", "barely legal girl", "en.minor.just-18"),
    ("looks 16", "she looks 16", "en.minor.looks-young"),
    ("i'm 16", "i'm 16", "en.minor.stated-minor-age"),
    ("repeated letters", "JONGGGG meisje", "nl.minor.youth-words"),
    ("diacritics", "jóng méisje", "nl.minor.youth-words"),
    ("cherry emoji", "lief 🍒", "common.minor.youth-emoji"),
    ("lollipop emoji", "🍭🍭", "common.minor.youth-emoji"),
    ("24 uur per dag", "24 uur per dag open", "nl.volume.always-available"),
    ("zonder condoom", "ook zonder condoom", "nl.coercion.no-condom"),
    ("alle vormen", "alle vormen mogelijk", "nl.coercion.all-services"),
    ("real photos", "100% real photos", "en.language.real-photos"),
    ("echte foto's", "100% echte foto's", "nl.language.real-photos"),
    ("misspelled foto's", "echte fotoos", "nl.language.real-photos"),
    ("ethnicity", "Roemeense dame", "nl.language.ethnicity"),
    ("new in town", "New in town!", "en.movement.new-in-town"),
    ("nieuw in city", "Nieuw in Utrecht", "nl.movement.new-in-town"),
    ("manager", "bookings via my manager", "en.control.third-party"),
    ("rose emoji", "🌹 150", "common.language.price-emoji"),
    (
        "obscured phone",
        "bel nul zes een twee drie vier vijf zes zeven acht",
        "common.language.obscured-phone",
    ),
]

MUST_NOT_FIRE = [
    ("geen minderjarigen", "Geen minderjarigen."),
    ("no agency", "No agency."),
    ("geen bureau", "geen bureau"),
    ("18+ only", "18+ only"),
    ("alleen 18+", "Alleen 18+"),
    ("zelfstandig", "Ik werk zelfstandig."),
    ("independent", "Independent lady"),
    ("not young", "not young"),
    ("niet jong", "niet jong meer"),
    ("no teen", "no teen"),
    ("plain phone", "bel 06-12345678"),
    ("tutoring", "Bijles wiskunde voor scholieren, 10 jaar ervaring"),
    ("object age", "De fiets is 12 jaar oud"),
    ("word inside a word", "planet 18 jeugdherberg"),
]


@pytest.mark.parametrize(("name", "text", "rule_id"), MUST_FIRE, ids=[n for n, _, _ in MUST_FIRE])
def test_it_fires_on_an_indicator_phrase(name, text, rule_id):
    assert rule_id in {i.id for i in match_indicators(text)}


@pytest.mark.parametrize(("name", "text"), MUST_NOT_FIRE, ids=[n for n, _ in MUST_NOT_FIRE])
def test_it_stays_silent_on_negations_and_disclaimers(name, text):
    assert match_indicators(text) == []


def test_it_gives_spans_that_cover_the_matched_words():
    text = "Hoi! Ik ben NET 18 en 🍒"
    found = {i.id: text[i.start : i.end] for i in match_indicators(text)}
    assert found == {"nl.minor.just-18": "NET 18", "common.minor.youth-emoji": "🍒"}


def test_it_negates_only_within_the_same_sentence():
    assert {i.id for i in match_indicators("Geen haast. Tiener.")} == {"nl.minor.youth-words"}


def test_it_restricts_rules_to_one_language():
    text = "net 18 and just turned 18"
    assert {i.id for i in match_indicators(text, lang="en")} == {"en.minor.just-18"}
    assert {i.id for i in match_indicators(text, lang="nl")} == {"nl.minor.just-18"}


def test_it_reports_explanations_in_dutch_and_english_with_source_and_evidence():
    ind = match_indicators("bijna 18")[0]
    assert set(ind.explanation) == {"nl", "en"}
    assert ind.source and ind.evidence == "strong" and ind.category in CATEGORIES


def test_it_reports_each_occurrence_of_a_repeated_phrase():
    assert len(match_indicators("net 18. echt net 18.")) == 2


def test_it_flags_movement_language_as_a_low_weight_signal():
    ind = match_indicators("new in town")[0]
    assert ind.category == "movement" and ind.weight <= 5


@pytest.mark.parametrize("value", [None, 3, "", b"net 18"])
def test_it_returns_nothing_for_non_text(value):
    assert match_indicators(value) == []  # type: ignore[arg-type]
