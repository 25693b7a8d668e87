"""Meldpunt load: 20 reporters at once against a real `signaal serve`, and no lost reports.

    .venv/bin/python -m bench.report_load [--seconds 60] [--clients 20] [--verify all|N]

Starts `signaal serve --no-worker` on SQLite in a fresh temporary data
directory (rate limit raised so it does not refuse the benchmark). Each client
thread loops: GET /melden/ (CSRF token, cookie and one-time submission token
from the HTML), POST a synthetic report (multipart; every fourth one with a
small PNG), read the receipt code from the page. Afterwards every receipt code
shown is looked up in the same data directory: its keyed look-up digest must
find a stored report, and `services.report_for_receipt` (argon2 verify,
the real follow-up path) must accept it for a sample (or all, `--verify all`).
Latency is measured at the client, per request.
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"synthetic-bench-pixels" * 40
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(r'name="submission_token" value="([^"]+)"')
CODE_RE = re.compile(r'id="receipt-code">(\d{4} \d{4} \d{4} \d{4})<')
COOKIE_RE = re.compile(r"csrftoken=([^;]+)")

VERIFY_SCRIPT = r"""
import json, random, sys
from signaal.intake import receipts, services
from signaal.intake.models import Report
codes = [line.strip() for line in open(sys.argv[1]) if line.strip()]
sample = sys.argv[2]
digits = [receipts.normalised(c) for c in codes]
lookups = {receipts.lookup_digest(d): d for d in digits}
stored = set(Report.objects.filter(receipt_lookup__in=list(lookups)).values_list("receipt_lookup", flat=True))
missing = [lookups[k] for k in lookups if k not in stored]
chosen = digits if sample == "all" else random.Random(7).sample(digits, min(int(sample), len(digits)))
failed = [d for d in chosen if services.report_for_receipt(d) is None]
print(json.dumps({"codes": len(codes), "unique": len(lookups), "reports": Report.objects.count(),
                  "missing_lookup": len(missing), "argon2_checked": len(chosen), "argon2_failed": len(failed)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "----signaalbench" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, data in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client(threading.Thread):
    def __init__(self, number: int, port: int, stop_at: float, think: float = 0.0):
        super().__init__(daemon=True)
        self.number, self.port, self.stop_at = number, port, stop_at
        # Mean seconds a client waits between reports (0: fire the next one at once),
        # drawn at random so clients do not march in step (Poisson-like arrivals).
        self.think = think
        self.random = random.Random(number)
        self.get_ms: list[float] = []
        self.post_ms: list[float] = []
        self.codes: list[str] = []
        self.errors: list[str] = []
        self.cookie = ""

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, conn, method, path, body=None, headers=None):
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response, data.decode("utf-8", "replace"), elapsed

    def run(self):
        conn = self.connection()
        n = 0
        while time.monotonic() < self.stop_at:
            n += 1
            if self.think:
                time.sleep(self.random.expovariate(1 / self.think))
            try:
                headers = {"Cookie": f"csrftoken={self.cookie}"} if self.cookie else {}
                response, html, ms = self.request(conn, "GET", "/melden/", headers=headers)
                self.get_ms.append(ms)
                if response.status != 200:
                    self.errors.append(f"GET {response.status}")
                    continue
                cookie = COOKIE_RE.search(response.getheader("Set-Cookie") or "")
                if cookie:
                    self.cookie = cookie.group(1)
                fields = {
                    "csrfmiddlewaretoken": CSRF_RE.search(html).group(1),
                    "submission_token": TOKEN_RE.search(html).group(1),
                    "reporter_role": "close",
                    "about_minor": "unknown",
                    "what_happened": (
                        f"Benchmarkmelding {self.number}-{n}: een volwassene stuurt een jongere "
                        "berichten en belooft geld. Synthetisch, geen echte persoon."
                    ),
                    "where_online": f"https://voorbeeld.invalid/profiel/{self.number}-{n}",
                    "when_happened": "vorige week",
                    "danger_now": "no",
                    "website": "",
                }
                files = [("files", "scherm.png", PNG)] if n % 4 == 0 else []
                body, content_type = multipart(fields, files)
                headers = {"Content-Type": content_type, "Cookie": f"csrftoken={self.cookie}"}
                response, html, ms = self.request(conn, "POST", "/melden/", body, headers)
                self.post_ms.append(ms)
                code = CODE_RE.search(html)
                if response.status != 200 or not code:
                    self.errors.append(f"POST {response.status}")
                    continue
                self.codes.append(code.group(1))
            except (OSError, http.client.HTTPException, AttributeError) as e:
                self.errors.append(type(e).__name__)
                conn.close()
                conn = self.connection()
        conn.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"signaal serve exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("signaal serve did not answer within a minute")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds each client waits between reports, exponentially distributed "
        "(0: closed loop, the next at once)",
    )
    parser.add_argument("--threads", type=int, default=4, help="waitress worker threads")
    parser.add_argument("--verify", default="200", help="'all' or how many codes to argon2-verify")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="signaal-bench-"))
    env = {
        **os.environ,
        "SIGNAAL_DATA_DIR": str(data_dir),
        "SIGNAAL_HTTPS": "0",
        "SIGNAAL_DEBUG": "0",
        "SIGNAAL_REPORT_SUBMIT_LIMIT": str(10**9),
        "SIGNAAL_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    for name in ("SIGNAAL_DATABASE_URL", "SIGNAAL_REDIS_URL", "SIGNAAL_MASTER_KEY"):
        env.pop(name, None)
    signaal = [sys.executable, "-m", "signaal.cli"]
    subprocess.run([*signaal, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    port = free_port()
    server_log = open(data_dir / "server.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [*signaal, "serve", "--port", str(port), "--no-worker", "--threads", str(args.threads)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    try:
        wait_until_up(port, server)
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        clients = [Client(i, port, started + args.seconds, args.think) for i in range(args.clients)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()

    get_ms = [x for c in clients for x in c.get_ms]
    post_ms = [x for c in clients for x in c.post_ms]
    codes = [x for c in clients for x in c.codes]
    errors = [x for c in clients for x in c.errors]
    codes_file = data_dir / "codes.txt"
    codes_file.write_text("\n".join(codes) + "\n")
    verify_started = time.monotonic()
    verified = subprocess.run(
        [
            *signaal,
            "shell",
            "-c",
            VERIFY_SCRIPT.replace("sys.argv[1]", repr(str(codes_file))).replace(
                "sys.argv[2]", repr(args.verify)
            ),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    check = json.loads(verified.stdout.strip().splitlines()[-1])
    lost = check["missing_lookup"] + check["argon2_failed"]
    figures = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, python {platform.python_version()}",
        "load_average_before_after": [round(load_before, 2), round(load_after, 2)],
        "clients": args.clients,
        "think_seconds": args.think,
        "seconds": round(elapsed, 1),
        "reports_per_second": round(len(codes) / elapsed, 1),
        "post_p50_ms": round(percentile(post_ms, 50), 1),
        "post_p99_ms": round(percentile(post_ms, 99), 1),
        "post_mean_ms": round(statistics.fmean(post_ms), 1) if post_ms else None,
        "get_p50_ms": round(percentile(get_ms, 50), 1),
        "get_p99_ms": round(percentile(get_ms, 99), 1),
        "posts": len(post_ms),
        "receipts_shown": len(codes),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "reports_stored": check["reports"],
        "receipts_found_by_lookup": check["unique"] - check["missing_lookup"],
        "argon2_verified": f"{check['argon2_checked'] - check['argon2_failed']}/{check['argon2_checked']}",
        "lost_reports": lost,
        "verify_seconds": round(time.monotonic() - verify_started, 1),
    }
    print(json.dumps(figures, indent=2))
    log_lines = (data_dir / "server.log").read_text(errors="replace").splitlines()
    if errors:
        print("server log (last lines):", *log_lines[-20:], sep="\n", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if not args.keep:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print(f"data directory kept: {data_dir}", file=sys.stderr)
    return 1 if lost or errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
