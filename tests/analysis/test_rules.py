"""Rules files: the shipped ones are valid; bad ones fail naming file, rule and field."""

import textwrap

import pytest

from signaal.analysis import RuleError, load_rules
from signaal.analysis.rules import CATEGORIES, EVIDENCE_WEIGHTS, RULES_DIR

GOOD_RULE = """
  - id: test.minor.x
    category: minor
    weight: 20
    evidence: moderate
    source: "Test source"
    explanation: {nl: "Uitleg", en: "Explanation"}
    patterns: ["net 18"]
"""


def write(tmp_path, body, name="xx.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_it_loads_the_shipped_rules():
    rules = load_rules()
    assert {"nl", "en", "common"} <= rules.languages()
    assert len(rules.rules) >= 20


def test_it_ships_one_rules_file_per_language():
    assert {p.name for p in RULES_DIR.glob("*.yaml")} >= {"nl.yaml", "en.yaml"}


def test_it_keeps_every_shipped_weight_within_its_evidence_grade():
    for rule in load_rules().rules:
        low, high = EVIDENCE_WEIGHTS[rule.evidence]
        assert low <= rule.weight <= high, rule.id
        assert rule.category in CATEGORIES


def test_it_loads_a_single_valid_file(tmp_path):
    rules = load_rules(write(tmp_path, "language: xx\nrules:" + GOOD_RULE))
    assert [r.id for r in rules.rules] == ["test.minor.x"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("category: minor", "category: folklore", "category"),
        ("evidence: moderate", "evidence: anecdotal", "evidence"),
        ("weight: 20", "weight: 39", "weight"),
        ("weight: 20", "weight: high", "weight"),
        ('source: "Test source"', 'source: ""', "source"),
        (
            'explanation: {nl: "Uitleg", en: "Explanation"}',
            'explanation: {nl: "Uitleg"}',
            "explanation",
        ),
        ('patterns: ["net 18"]', "patterns: []", "patterns"),
        ('patterns: ["net 18"]', 'patterns: ["regex:(unclosed"]', "patterns"),
        ("id: test.minor.x", "id: Test Minor", "id"),
    ],
)
def test_it_names_file_rule_and_field_of_an_invalid_rule(tmp_path, old, new, field):
    path = write(tmp_path, "language: xx\nrules:" + GOOD_RULE.replace(old, new))
    with pytest.raises(RuleError) as err:
        load_rules(path)
    message = str(err.value)
    assert "xx.yaml" in message and f"field '{field}'" in message
    if field != "id":
        assert "test.minor.x" in message


def test_it_refuses_duplicate_rule_ids(tmp_path):
    write(tmp_path, "language: aa\nrules:" + GOOD_RULE, "aa.yaml")
    write(tmp_path, "language: bb\nrules:" + GOOD_RULE, "bb.yaml")
    with pytest.raises(RuleError, match="test.minor.x.*also used in aa.yaml"):
        load_rules(tmp_path)


def test_it_refuses_a_file_that_is_not_yaml(tmp_path):
    with pytest.raises(RuleError, match="xx.yaml: cannot be read as YAML"):
        load_rules(write(tmp_path, "language: [unclosed"))


def test_it_refuses_an_unknown_rule_field(tmp_path):
    path = write(tmp_path, "language: xx\nrules:" + GOOD_RULE + "    colour: red\n")
    with pytest.raises(RuleError, match="field 'colour'"):
        load_rules(path)
