import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

from tests.commands import run_signaal, signaal_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoTests(unittest.TestCase):
    def test_it_prepares_a_demo_coordinator_and_exits_with_no_serve(self):
        data_dir = tempfile.mkdtemp(prefix="signaal-demo-")
        result = run_signaal("demo", "--no-serve", env=signaal_env(data_dir))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("username:    demo", result.stdout)
        self.assertIn("TOTP secret:", result.stdout)
        # Each part adds its demo data: reports, crawled ads, a case ready to export.
        self.assertRegex(
            result.stdout, r"Cases: WN-\d{4}-0001 opened from report M\d{4}-\d{5} with [1-9]"
        )
        self.assertIn("approved and ready to export", result.stdout)
        self.assertTrue((Path(data_dir) / ".signaal-demo").exists())
        self.assertEqual((Path(data_dir) / "master.key").stat().st_mode & 0o777, 0o600)

    def test_it_starts_fresh_each_time(self):
        data_dir = tempfile.mkdtemp(prefix="signaal-demo-")
        first = run_signaal("demo", "--no-serve", env=signaal_env(data_dir))
        second = run_signaal("demo", "--no-serve", env=signaal_env(data_dir))
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertNotEqual(first.stdout, second.stdout)

    def test_it_refuses_a_directory_with_other_data(self):
        data_dir = tempfile.mkdtemp(prefix="signaal-real-")
        (Path(data_dir) / "signaal.sqlite3").write_bytes(b"real data")
        result = run_signaal("demo", "--no-serve", env=signaal_env(data_dir))
        self.assertEqual(result.returncode, 2)
        self.assertIn("not demo data", result.stderr)
        self.assertTrue((Path(data_dir) / "signaal.sqlite3").exists())

    def test_it_serves_the_public_home_and_the_staff_login(self):
        port = free_port()
        env = signaal_env(tempfile.mkdtemp(prefix="signaal-demo-"))
        server = subprocess.Popen(
            [sys.executable, "-m", "signaal.cli", "demo", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            pages = {}
            deadline = time.monotonic() + 60
            for path in ["/", "/staff/login/"]:
                while True:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
                            pages[path] = (r.status, r.read().decode())
                        break
                    except OSError:
                        if time.monotonic() > deadline or server.poll() is not None:
                            raise
                        time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.assertEqual(pages["/"][0], 200)
        self.assertIn("Meld het", pages["/"][1])
        self.assertEqual(pages["/staff/login/"][0], 200)
        self.assertIn("Inloggen voor medewerkers", pages["/staff/login/"][1])
