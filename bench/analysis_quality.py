"""Linking quality against the generator's ground truth, and ranking quality.

    .venv/bin/python -m bench.analysis_quality [--ads 50000] [--seed 7]

Pairwise precision/recall/F1: a pair of ads is positive when the truth puts both
in the same planted network; predicted when the linker puts them in one cluster.
Average precision: planted minor/trafficking ads ranked by score.
"""

import argparse
import time
from collections import Counter

from fixtures.corpus import generate_corpus
from signaal.analysis import AdLinker, score_ad


def pairs(counter: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counter.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus = list(generate_corpus(args.ads, args.seed))
    started, cpu = time.perf_counter(), time.process_time()
    linker = AdLinker()
    scores = []
    link_cpu = 0.0
    for record, _ in corpus:
        analysis = score_ad(record)
        scores.append(analysis.score)
        c = time.process_time()
        linker.add(analysis)
        link_cpu += time.process_time() - c
    c = time.process_time()
    assignments = linker.assignments()
    link_cpu += time.process_time() - c
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu

    truth = {t["id"]: t["network"] for _, t in corpus}
    predicted = Counter(assignments[i].id for i in truth)
    true_pairs = pairs(Counter(n for n in truth.values() if n))
    joint = pairs(Counter((assignments[i].id, n) for i, n in truth.items() if n))
    pred_pairs = pairs(predicted)
    precision = joint / pred_pairs if pred_pairs else 1.0
    recall = joint / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    positives = [t["label"] in ("minor", "trafficking") for _, t in corpus]
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, ap = 0, 0.0
    for rank, i in enumerate(order, 1):
        if positives[i]:
            hits += 1
            ap += hits / rank
    ap /= max(1, sum(positives))
    minors = [t["label"] == "minor" for _, t in corpus]
    hits, ap_minor = 0, 0.0
    for rank, i in enumerate(order, 1):
        if minors[i]:
            hits += 1
            ap_minor += hits / rank
    ap_minor /= max(1, sum(minors))

    print(
        f"{args.ads} ads, seed {args.seed}: analysis + linking {elapsed:.1f} s wall, {cpu:.1f} s CPU "
        f"(linking alone {link_cpu:.1f} s CPU)"
    )
    print(
        f"pairwise precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f} ({true_pairs} true pairs)"
    )
    print(f"average precision, minor+trafficking by score: {ap:.4f}; minor only: {ap_minor:.4f}")
    print(
        f"clusters of 2+ ads: {sum(1 for c in predicted.values() if c > 1)}, hubs suppressed: {len(linker.hubs())}"
    )


if __name__ == "__main__":
    main()
