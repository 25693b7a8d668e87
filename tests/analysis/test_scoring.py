"""Scoring: formula, explanation, odd records, and ranking on a generated corpus."""

import pytest

from fixtures.corpus import generate_corpus
from signaal.analysis import score_ad
from signaal.analysis.scoring import FLAG_THRESHOLD, MAX_FIELD_CHARS


def ad(text, **fields):
    return {"id": "t:1", "title": "", "text": text, **fields}


def test_it_scores_an_ad_without_indicators_zero():
    assert score_ad(ad("Fiets te koop, bel 06-12345678")).score == 0


def test_it_flags_one_strong_minor_indicator():
    assert score_ad(ad("Hoi, ik ben net 18")).score >= FLAG_THRESHOLD


def test_it_keeps_movement_language_alone_low():
    text = "Nieuw in Utrecht! Net aangekomen, alleen deze week, op doorreis. New in town, just arrived."
    assert score_ad(ad(text)).score < 25


def test_it_diminishes_repeats_of_one_rule():
    once = score_ad(ad("net 18")).score
    twice = score_ad(ad("net 18. net 18.")).score
    five = score_ad(ad("net 18. " * 5)).score
    assert once < twice < five
    assert five - twice < twice - once + 10


def test_it_stays_within_0_and_100():
    text = (
        "net 18, bijna 18, ziet eruit als 15, 24/7, zonder condoom, alle vormen, mijn manager, "
        * 50
    )
    assert 0 <= score_ad(ad(text)).score <= 100


def test_it_explains_each_indicator_with_rule_span_and_weight():
    analysis = score_ad(ad("Lisa, net 18."))
    assert any(
        "nl.minor.just-18" in line and "text[6:12]" in line and "+30.0" in line
        for line in analysis.explanation
    )
    assert analysis.explanation[-1].startswith(f"score {analysis.score} = ")


def test_it_takes_selectors_from_title_text_and_phones_with_their_field():
    analysis = score_ad(
        {
            "id": "a",
            "title": "Bel 06-12345678",
            "text": "mail lisa@example.nl",
            "phones": ["+44 7700 900123"],
        }
    )
    assert {(s.field, s.kind, s.value) for s in analysis.selectors} == {
        ("title", "phone", "+31612345678"),
        ("text", "email", "lisa@example.nl"),
        ("phones", "phone", "+447700900123"),
    }


def test_it_flags_a_stated_age_under_18():
    analysis = score_ad(ad("Hallo", age=16))
    assert [i.id for i in analysis.indicators] == ["common.minor.stated-age"]


def test_it_does_not_treat_an_age_of_18_to_22_as_an_indicator():
    assert score_ad(ad("Hallo", age=19)).indicators == []


@pytest.mark.parametrize(
    "record",
    [
        {"id": "x", "text": None, "phones": "x"},
        {
            "id": "x",
            "title": 5,
            "text": ["a"],
            "phones": [None, 3, "06-12345678"],
            "images": "nope",
        },
        {"id": "x", "images": [None, {"phash": "zz"}, {"phash": 7}], "age": "sixteen", "city": 3},
        {},
    ],
)
def test_it_handles_mistyped_fields_without_crashing(record):
    analysis = score_ad(record)
    assert 0 <= analysis.score <= 100


def test_it_caps_huge_texts():
    analysis = score_ad(ad("x" * (MAX_FIELD_CHARS + 10) + " net 18"))
    assert analysis.truncated == ["text"]
    assert analysis.indicators == []


def average_precision(scores, positives):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits = 0
    total = 0.0
    for rank, i in enumerate(order, 1):
        if positives[i]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(positives))


def test_it_ranks_planted_minor_and_trafficking_ads_above_benign_ones():
    scores, positives = [], []
    for record, truth in generate_corpus(1500, seed=11):
        scores.append(score_ad(record).score)
        positives.append(truth["label"] in ("minor", "trafficking"))
    assert average_precision(scores, positives) > 0.9
