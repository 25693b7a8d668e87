"""Linking time and peak memory at growing corpus sizes.

    .venv/bin/python -m bench.analysis_linking 10000 100000 [1000000]

Each size runs in a fresh process, so peak RSS is that size's own. Ads stream
from the generator; selectors are extracted per ad (not timed); the time is
``AdLinker.add`` for every ad plus one ``assignments()`` call (the cluster, with
reasons and spread, of every ad). Memory: the process's peak RSS
(resource.getrusage) and the RSS growth over the run, which is the linker's index
plus the assignments.
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


def link_input(record: dict):
    """What AdLinker reads from an ad: selectors, text with selectors blanked, images.

    Indicators are not needed for linking, so the bench skips them to keep 1M runs short.
    """
    from signaal.analysis import extract_selectors
    from signaal.analysis.scoring import AdAnalysis, _blank, _parse_phash

    selectors, parts = [], []
    for name in ("title", "text"):
        text = record.get(name) or ""
        found = extract_selectors(text)
        selectors.extend(found)
        parts.append(_blank(text, [(x.start, x.end) for x in found]))
    phashes = [
        h for i in record.get("images") or [] if (h := _parse_phash(i.get("phash"))) is not None
    ]
    return AdAnalysis(
        record["id"],
        selectors,
        [],
        0,
        [],
        "\n".join(parts),
        record.get("city"),
        record.get("posted_at"),
        phashes,
    )


def run_one(n: int) -> dict:
    from fixtures.corpus import generate_corpus
    from signaal.analysis import AdLinker

    started = time.perf_counter()
    before = current_rss_mb()
    linker = AdLinker()
    add_time = add_cpu = 0.0
    for record, _ in generate_corpus(n, 7):
        analysis = link_input(record)
        t, c = time.perf_counter(), time.process_time()
        linker.add(analysis)
        add_time += time.perf_counter() - t
        add_cpu += time.process_time() - c
    t2, c2 = time.perf_counter(), time.process_time()
    assignments = linker.assignments()
    assign_time = time.perf_counter() - t2
    assign_cpu = time.process_time() - c2
    networks = len({c.id for c in assignments.values() if c.size > 1})
    return {
        "ads": n,
        "wall_s": round(time.perf_counter() - started, 1),
        "link_add_s": round(add_time, 1),
        "assignments_s": round(assign_time, 1),
        "link_total_s": round(add_time + assign_time, 1),
        "ads_per_s": round(n / (add_time + assign_time)),
        "link_cpu_s": round(add_cpu + assign_cpu, 1),
        "peak_rss_mb": round(rss_mb()),
        "rss_growth_mb": round(current_rss_mb() - before),
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
