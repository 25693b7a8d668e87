"""The corpus generator: deterministic, labelled, fictional numbers only."""

import json
from collections import Counter

from fixtures.corpus import generate_corpus, main
from signaal.analysis import extract_selectors

FICTIONAL_PREFIXES = ("+3161234", "+447700900", "+44191498", "+442896496", "+442920180", "+44113496", "+44114496", "+44116496", "+44117496",
                      "+44118496", "+44121496", "+44131496", "+44141496", "+44151496", "+44161496",
                      "+442079460")  # fmt: skip


def test_it_is_deterministic_for_a_seed():
    assert list(generate_corpus(200, 4)) == list(generate_corpus(200, 4))
    assert list(generate_corpus(200, 4)) != list(generate_corpus(200, 5))


def test_it_yields_records_with_the_ad_contract_and_separate_truth():
    record, truth = next(iter(generate_corpus(1, 1)))
    assert {
        "id",
        "url",
        "site",
        "title",
        "text",
        "posted_at",
        "seen_at",
        "city",
        "age",
        "phones",
        "images",
    } <= set(record)
    assert set(truth) == {"id", "network", "label", "categories"} and truth["id"] == record["id"]
    assert "network" not in record and "label" not in record


def test_it_plants_networks_from_two_to_thirty_ads_with_many_pairs():
    sizes = Counter(t["network"] for _, t in generate_corpus(5000, 2) if t["network"])
    counts = Counter(sizes.values())
    assert min(sizes.values()) == 2 and max(sizes.values()) <= 30
    assert counts[2] >= 20 and max(sizes.values()) >= 16


def test_it_mixes_labels_and_languages():
    labels = Counter(t["label"] for _, t in generate_corpus(2000, 2))
    assert set(labels) == {"minor", "trafficking", "benign", "other"}


def test_it_uses_only_fictional_phone_numbers():
    for record, _ in generate_corpus(1500, 9):
        for s in extract_selectors(record["text"]):
            if s.kind == "phone":
                assert s.value.startswith(FICTIONAL_PREFIXES), s.value


def test_it_writes_ads_and_truth_files(tmp_path):
    ads, truth = tmp_path / "ads.jsonl", tmp_path / "truth.jsonl"
    assert main(["--ads", "50", "--seed", "7", "-o", str(ads), "--truth", str(truth)]) == 0
    assert len(ads.read_text().splitlines()) == 50
    assert json.loads(truth.read_text().splitlines()[0])["id"] == "fixture:0"
