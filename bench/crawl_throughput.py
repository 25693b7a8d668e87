"""Crawler throughput: the full crawl (WARC, image hashing, ingest, analysis, linking) against a
bare Scrapy spider over the same fixture site, in the same run.

    .venv/bin/python -m bench.crawl_throughput --ads 20000 [--json out.json]

Both crawls run as their own OS process against one fixture site served from this process
(stdlib ThreadingHTTPServer), bare first; throughput is fetched pages per second of wall time
from process start to exit, peak memory is each crawl process's maximum RSS (wait4 rusage).
Target: full / bare >= 0.7.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict) -> dict:
    started = time.monotonic()
    out = tempfile.TemporaryFile()  # noqa: SIM115 (read after the process ends)
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    out.seek(0)
    text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{args[2:5]} failed ({proc.returncode}): {text[-500:]}")
    last = json.loads(text.strip().splitlines()[-1])
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), **last}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="Also write the results to this file.")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from fixtures.adsite import AdSite, serve_in_thread

    t0 = time.monotonic()
    server, url = serve_in_thread(site=AdSite(ads=args.ads, seed=args.seed))
    print(f"fixture site with {args.ads} ads at {url} ({time.monotonic() - t0:.1f}s to generate)")
    data_dir = tempfile.mkdtemp(prefix="signaal-bench-crawl-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAAL_")}
    env.update(
        SIGNAAL_DATA_DIR=data_dir, SIGNAAL_HTTPS="0", SIGNAAL_CRAWL_ALLOWED_NETWORK="loopback"
    )
    py = sys.executable
    subprocess.run([py, "-m", "signaal.cli", "migrate", "-v0"], env=env, cwd=ROOT, check=True)

    bare = run([py, str(ROOT / "bench" / "crawl_bare.py"), url], env)
    print(f"bare:  {bare}")
    full = run([py, "-m", "signaal.cli", "crawl", "fixture-html", "--base-url", url], env)
    server.shutdown()

    check = subprocess.run(
        [py, "-m", "signaal.cli", "shell", "-c",
         "from signaal.crawling.models import *; import json; r = CrawlRun.objects.get(); "
         "print(json.dumps({'pages': r.pages, 'ads': r.ads, 'images': r.images, 'errors': r.errors, "
         "'networks': Network.objects.count(), 'flagged': Ad.objects.filter(score__gte=50).count(), "
         "'warc_mb': round(r.warc_blob.size / 2**20, 1), 'status': r.status}))"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    full.update(json.loads(check.stdout.strip().splitlines()[-1]))
    print(f"full:  {full}")
    result = {
        "ads": args.ads,
        "bare": {**bare, "pages_per_s": round(bare["pages"] / bare["seconds"], 1)},
        "full": {**full, "pages_per_s": round(full["pages"] / full["seconds"], 1)},
    }
    result["ratio"] = round(result["full"]["pages_per_s"] / result["bare"]["pages_per_s"], 2)
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
