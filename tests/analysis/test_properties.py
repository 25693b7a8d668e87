"""Property tests: extraction never crashes and every span points into its text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaal.analysis import extract_selectors, match_indicators, score_ad

PIECES = st.sampled_from(
    ["06", "12", "345678", " ", "-", ".", "*", "💋", "nul", "zes", "een", "O", "I", "l", "+31", "0031",
     "€", "euro", "net 18", "geen", "@", "[at]", "dot", "snap:", "lisa", "wa.me/", "http://", "www.",
     "1️⃣", "０", "\n", ",", ":", "jaar", "AB", "🍒", "é", "ß", "İ"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_it_gives_selector_spans_inside_the_text(text):
    for s in extract_selectors(text):
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_it_gives_indicator_spans_inside_the_text(text):
    for i in match_indicators(text):
        assert 0 <= i.start < i.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "title", "text", "phones", "images", "age", "city"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=50), st.lists(st.text(max_size=20)))))  # fmt: skip
def test_it_scores_any_record_between_0_and_100(record):
    assert 0 <= score_ad(record).score <= 100
