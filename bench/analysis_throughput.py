"""Extraction + scoring throughput (ads per second, one core).

.venv/bin/python -m bench.analysis_throughput [--ads 20000] [--seed 7]
"""

import argparse
import platform
import time

from fixtures.corpus import generate_corpus
from signaal.analysis import score_ad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    records = [r for r, _ in generate_corpus(args.ads, args.seed)]
    for r in records[:200]:  # warm up caches and compiled rules
        score_ad(r)
    started, cpu = time.perf_counter(), time.process_time()
    flagged = sum(score_ad(r).score >= 50 for r in records)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    chars = sum(len(r["title"]) + len(r["text"]) for r in records) / len(records)
    print(f"python {platform.python_version()}, {args.ads} ads, {chars:.0f} chars/ad on average")
    print(
        f"extraction + scoring: {elapsed:.2f} s wall, {cpu:.2f} s CPU; "
        f"{args.ads / elapsed:,.0f} ads/s wall, {args.ads / cpu:,.0f} ads/s CPU; {flagged} flagged"
    )


if __name__ == "__main__":
    main()
