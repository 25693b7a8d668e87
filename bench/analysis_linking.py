"""Linking time and peak memory at growing corpus sizes.

    .venv/bin/python -m bench.analysis_linking 10000 100000 [1000000]

Each size runs in a fresh process (so peak RSS is that size's own). Selectors and
scores are computed first (not timed); the time is ``AdLinker.add`` for every ad
plus one ``assignments()`` call (cluster labels with reasons for every ad).
Peak memory is the process's max RSS (resource.getrusage), which includes the
analysed ads kept for the run; the linker's own index is reported separately
via tracemalloc-free accounting (RSS growth during linking).
"""

import json
import resource
import subprocess
import sys
import time


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_one(n: int) -> dict:
    from fixtures.corpus import generate_corpus
    from signaal.analysis import AdLinker, score_ad
    from signaal.analysis.scoring import AdAnalysis

    t0 = time.perf_counter()
    slim = []
    for record, _ in generate_corpus(n, 7):
        a = score_ad(record)
        # keep only what linking reads, so memory reflects the linker
        slim.append(
            AdAnalysis(
                a.ad_id,
                a.selectors,
                [],
                a.score,
                [],
                a.link_text,
                a.city,
                a.posted_at,
                a.image_phashes,
            )
        )
    prepare = time.perf_counter() - t0
    before = current_rss_mb()
    t1 = time.perf_counter()
    linker = AdLinker()
    for a in slim:
        linker.add(a)
    add_time = time.perf_counter() - t1
    t2 = time.perf_counter()
    assignments = linker.assignments()
    assign_time = time.perf_counter() - t2
    networks = len({c.id for c in assignments.values() if c.size > 1})
    return {
        "ads": n,
        "prepare_s": round(prepare, 1),
        "link_add_s": round(add_time, 1),
        "assignments_s": round(assign_time, 1),
        "link_total_s": round(add_time + assign_time, 1),
        "ads_per_s": round(n / (add_time + assign_time)),
        "peak_rss_mb": round(rss_mb()),
        "linking_rss_growth_mb": round(current_rss_mb() - before),
        "clusters": networks,
        "hubs": len(linker.hubs()),
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10000, 100000]
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.analysis_linking", "--one", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(out.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
