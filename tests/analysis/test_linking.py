"""Linking: templates, hub suppression, images, incremental == batch, persistence."""

import pickle
import random

from fixtures.corpus import generate_corpus
from signaal.analysis import AdLinker, score_ad

TEMPLATE = (
    "Hoi lieve heren, ik ben {name}, een vrolijke dame uit het zuiden. Ik ontvang in een rustige "
    "studio vlak bij het station van {city}. Ik hou van wandelen, koken en een goed gesprek. "
    "Kom langs voor een gezellige avond samen."
)


def analysis(ad_id, text="", phones=(), phash=None, city=None, posted=None):
    record = {"id": ad_id, "text": text, "phones": list(phones), "city": city, "posted_at": posted}
    if phash is not None:
        record["images"] = [{"phash": f"{phash:016x}"}]
    return score_ad(record)


def unrelated_text(rng):
    words = [
        "appel",
        "bos",
        "chaos",
        "dak",
        "eik",
        "fluit",
        "gras",
        "haven",
        "inkt",
        "jas",
        "kaars",
        "lamp",
        "mist",
        "nest",
        "oever",
        "pen",
    ]
    return (
        " ".join(rng.choice(words) + str(i) for i in range(3))
        + " "
        + " ".join(rng.sample(words, 12))
    )


def partition(linker):
    return sorted(sorted(c.members) for c in linker.clusters())


def test_it_links_two_ads_that_share_only_a_template():
    linker = AdLinker()
    linker.add(
        analysis(
            "a",
            TEMPLATE.format(name="Lisa", city="Utrecht"),
            posted="2026-10-01T00:00:00Z",
            city="Utrecht",
        )
    )
    linker.add(
        analysis(
            "b",
            TEMPLATE.format(name="Lisa", city="Breda"),
            posted="2026-10-03T00:00:00Z",
            city="Breda",
        )
    )
    cluster = linker.cluster_of("a")
    assert cluster.members == ["a", "b"]
    assert [r["kind"] for r in cluster.reasons] == ["template"]
    assert cluster.spread["cities"] == ["Breda", "Utrecht"]
    assert (cluster.spread["first_seen"], cluster.spread["last_seen"]) == (
        "2026-10-01",
        "2026-10-03",
    )


def test_it_does_not_link_different_texts():
    linker = AdLinker()
    linker.add(analysis("a", TEMPLATE.format(name="Lisa", city="Utrecht")))
    linker.add(
        analysis(
            "b",
            "Te koop: blauwe stadsfiets, weinig gebruikt, ophalen in het centrum van Breda na het weekend.",
        )
    )
    assert linker.clusters() == []


def test_it_links_ads_sharing_a_phone_under_different_obfuscations():
    linker = AdLinker()
    linker.add(analysis("a", "Bel 06-12345678"))
    linker.add(analysis("b", "bel nul zes een twee drie vier vijf zes zeven acht"))
    linker.add(analysis("c", "app 06💋12💋34💋56💋78"))
    cluster = linker.cluster_of("b")
    assert cluster.size == 3
    assert cluster.reasons == [{"kind": "phone", "value": "+31612345678", "ads": 3}]
    assert cluster.spread["phones"] == 1


def test_it_does_not_merge_everything_through_a_hub_phone():
    rng = random.Random(3)
    linker = AdLinker(hub_share=0.1, hub_min=5)
    for i in range(100):
        phones = ["+44 20 7946 0999"] if i % 3 == 0 else []  # on a third of the ads
        linker.add(analysis(f"ad{i}", unrelated_text(rng), phones=phones))
    linker.add(analysis("p1", unrelated_text(rng), phones=["06-12345678"]))
    linker.add(analysis("p2", unrelated_text(rng), phones=["06 12 34 56 78"]))
    assert partition(linker) == [["p1", "p2"]]
    assert linker.hubs() == {"phone:+442079460999": 34}


def test_it_links_identical_and_near_image_hashes():
    base = 0x8F3A_55C1_0F0F_A5A5
    linker = AdLinker()
    linker.add(analysis("a", phash=base))
    linker.add(analysis("b", phash=base))  # the same photo on a mirror site
    linker.add(analysis("c", phash=base ^ 0b1011))  # three bits flipped
    linker.add(analysis("d", phash=base ^ ((1 << 64) - 1)))  # unrelated
    assert partition(linker) == [["a", "b", "c"]]
    assert linker.cluster_of("a").reasons[0]["kind"] == "image"


def test_it_does_not_link_images_beyond_the_hamming_threshold():
    base = 0x8F3A_55C1_0F0F_A5A5
    far = base ^ 0xFF  # eight bits apart
    linker = AdLinker(image_threshold=6)
    linker.add(analysis("a", phash=base))
    linker.add(analysis("b", phash=far))
    assert linker.clusters() == []


def corpus_analyses(n, seed):
    return [score_ad(record) for record, _ in generate_corpus(n, seed)]


def test_it_gives_the_same_clusters_incrementally_as_in_a_batch():
    analyses = corpus_analyses(600, 5)
    batch = AdLinker()
    batch.add_many(analyses)
    incremental = AdLinker()
    for i, a in enumerate(analyses):
        incremental.add(a)
        if i % 50 == 0:
            incremental.clusters()  # queries in between must not change the outcome
    assert partition(incremental) == partition(batch)


def test_it_gives_the_same_clusters_in_any_order():
    analyses = corpus_analyses(400, 6)
    forward = AdLinker()
    forward.add_many(analyses)
    backward = AdLinker()
    backward.add_many(reversed(analyses))
    assert partition(forward) == partition(backward)


def test_it_resumes_from_its_serialised_state():
    analyses = corpus_analyses(400, 8)
    whole = AdLinker()
    whole.add_many(analyses)
    first = AdLinker()
    first.add_many(analyses[:200])
    resumed = AdLinker.from_dict(first.to_dict())
    resumed.add_many(analyses[200:])
    assert partition(resumed) == partition(whole)


def test_it_survives_a_pickle_round_trip():
    linker = AdLinker()
    linker.add_many(corpus_analyses(200, 9))
    assert partition(pickle.loads(pickle.dumps(linker))) == partition(linker)  # noqa: S301


def test_it_reports_a_lone_ad_as_a_cluster_of_one():
    linker = AdLinker()
    linker.add(analysis("a", "Bel 06-12345678"))
    cluster = linker.cluster_of("a")
    assert (cluster.size, cluster.reasons) == (1, [])
    assert linker.cluster_of("unknown") is None


def test_it_recovers_planted_networks_with_high_pairwise_f1():
    truth = {}
    linker = AdLinker()
    for record, label in generate_corpus(1500, seed=12):
        truth[record["id"]] = label["network"]
        linker.add(score_ad(record))
    tp = fp = 0
    for cluster in linker.clusters():
        m = cluster.members
        for i, a in enumerate(m):
            for b in m[i + 1 :]:
                if truth[a] is not None and truth[a] == truth[b]:
                    tp += 1
                else:
                    fp += 1
    sizes = {}
    for net in truth.values():
        if net:
            sizes[net] = sizes.get(net, 0) + 1
    total = sum(s * (s - 1) // 2 for s in sizes.values())
    precision, recall = tp / (tp + fp), tp / total
    assert 2 * precision * recall / (precision + recall) >= 0.95
