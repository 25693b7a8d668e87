"""``signaal analyse``: selectors, indicators, score and cluster for JSON Lines ads.

    signaal analyse IN.jsonl [-o OUT.jsonl]     (IN may be - for stdin)
    signaal analyse --explain "text"

Two passes: the first analyses every record and links it (writing the analysed
records to a temporary file), the second attaches the final cluster to each record.
Malformed lines are reported with their line numbers and skipped; unknown fields
pass through untouched; text fields are analysed up to 100,000 characters each and
lines over 16 MB are skipped as malformed.

Exit codes: 0 success, 1 when a malformed line was skipped, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from typing import IO

from .indicators import match_indicators
from .linking import AdLinker
from .scoring import FLAG_THRESHOLD, MAX_FIELD_CHARS, score_ad, score_indicators
from .selectors import extract_selectors

__all__ = ["main"]

PROG = "signaal analyse"
MAX_LINE_BYTES = 16 * 1024 * 1024
ADDED_KEYS = ("selectors", "indicators", "score", "cluster")


class UsageError(Exception):
    """Bad usage: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Find selectors, indicators, a score and a network for each ad "
        "in a JSON Lines file.",
        epilog="Exit codes: 0 success, 1 malformed lines were skipped, 2 bad usage.",
    )
    parser.add_argument("input", nargs="?", help="ads as JSON Lines, or - for standard input")
    parser.add_argument("-o", "--output", help="write JSON Lines here (default: standard output)")
    parser.add_argument(
        "--explain", metavar="TEXT", help="show selectors and indicators of one text"
    )
    parser.add_argument(
        "--hub-share",
        type=float,
        default=0.005,
        help="a selector, template or image on more than this share of ads links nothing "
        "(default 0.005)",
    )
    parser.add_argument(
        "--hub-min",
        type=int,
        default=30,
        help="...and on more than this many ads (default 30)",
    )
    parser.add_argument(
        "--min-score",
        type=int,
        default=FLAG_THRESHOLD,
        help=f"score from which an ad counts as flagged in the summary (default {FLAG_THRESHOLD})",
    )
    parser.add_argument("--quiet", action="store_true", help="no summary on standard error")
    return parser


def _explain(text: str, out: IO[str]) -> None:
    text = text[:MAX_FIELD_CHARS]
    selectors = extract_selectors(text)
    indicators = match_indicators(text, selectors=selectors)
    out.write("selectors:\n")
    for s in selectors:
        note = " (obscured)" if s.obfuscated else ""
        out.write(
            f"  {s.kind:<7} {s.value:<30} [{s.start}:{s.end}] {text[s.start : s.end]!r}{note}\n"
        )
    if not selectors:
        out.write("  (none)\n")
    out.write("indicators:\n")
    for i in indicators:
        out.write(
            f"  {i.category:<9} {i.id:<32} w={i.weight:g} ({i.evidence}) [{i.start}:{i.end}] "
            f"{text[i.start : i.end]!r}\n      {i.explanation['en']}\n      {i.explanation['nl']}\n"
            f"      source: {i.source}\n"
        )
    if not indicators:
        out.write("  (none)\n")
    score, lines = score_indicators(indicators)
    out.write(f"score: {score}\n")
    for line in lines:
        out.write(f"  {line}\n")


def _open_input(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    if os.path.isdir(path):
        raise UsageError(f"{path} is a directory; give a JSON Lines file")
    try:
        return open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise UsageError(f"cannot find {path}; check the path") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _read_records(stream: IO[bytes], err: IO[str], counts: dict):
    """Yield (line number, record) for every valid line; report the others."""
    lineno = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            counts["malformed"] += 1
            err.write(f"{PROG}: line {lineno}: longer than 16 MB, skipped\n")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            counts["malformed"] += 1
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            err.write(f"{PROG}: line {lineno}: not valid JSON ({msg}), skipped\n")
            continue
        if not isinstance(record, dict):
            counts["malformed"] += 1
            err.write(f"{PROG}: line {lineno}: not a JSON object, skipped\n")
            continue
        yield lineno, record


def _run(args: argparse.Namespace, stream: IO[bytes], out: IO[str], err: IO[str]) -> int:
    started = time.monotonic()
    linker = AdLinker(hub_share=args.hub_share, hub_min=args.hub_min)
    counts = {"records": 0, "malformed": 0, "flagged": 0}
    progress = err.isatty() and not args.quiet
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as tmp:
            for lineno, record in _read_records(stream, err, counts):
                if record.get("id") is None:
                    record["id"] = f"line:{lineno}"
                analysis = score_ad(record)
                analysis.ad_id = str(record["id"])
                linker.add(analysis)
                record.update(analysis.to_dict())
                if analysis.truncated:
                    record["explanation"].append(
                        f"fields {', '.join(analysis.truncated)} analysed up to {MAX_FIELD_CHARS} characters"
                    )
                counts["records"] += 1
                counts["flagged"] += analysis.score >= args.min_score
                tmp.write(json.dumps(record, ensure_ascii=False) + "\n")
                if progress and counts["records"] % 1000 == 0:
                    rate = counts["records"] / max(time.monotonic() - started, 1e-9)
                    err.write(f"\r{PROG}: {counts['records']} records ({rate:.0f}/s)")
                    err.flush()
            if progress and counts["records"] >= 1000:
                err.write("\n")
            assignments = linker.assignments()
            tmp.seek(0)
            for line in tmp:
                record = json.loads(line)
                cluster = assignments[str(record["id"])]
                record["cluster"] = cluster.to_dict()
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    networks = sum(1 for c in {id(c): c for c in assignments.values()}.values() if c.size > 1)
    if not args.quiet:
        err.write(
            f"{PROG}: {counts['records']} records, {counts['malformed']} malformed lines skipped, "
            f"{counts['flagged']} flagged (score >= {args.min_score}), {networks} clusters of 2+ ads, "
            f"{time.monotonic() - started:.2f} s\n"
        )
    return 1 if counts["malformed"] else 0


def main(argv: list[str] | None = None) -> int:
    """Run ``signaal analyse``; returns the exit code."""
    err = sys.stderr
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        if args.explain is not None:
            if args.input is not None:
                raise UsageError("give either an input file or --explain, not both")
            _explain(args.explain, sys.stdout)
            return 0
        if args.input is None:
            raise UsageError("give an input file (or - for standard input) or --explain TEXT")
        if not 0 < args.hub_share <= 1 or args.hub_min < 1:
            raise UsageError("--hub-share must be in (0, 1] and --hub-min at least 1")
        stream = _open_input(args.input)
        if args.output:
            try:
                out = open(args.output, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                if stream is not sys.stdin.buffer:
                    stream.close()
                raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
            with out:
                return _run(args, stream, out, err)
        return _run(args, stream, sys.stdout, err)
    except UsageError as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
