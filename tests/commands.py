"""Run the real `signaal` command in a subprocess with its own data directory."""

import os
import subprocess
import sys
import tempfile


def signaal_env(data_dir: str | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNAAL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["SIGNAAL_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="signaal-cmd-")
    env.update(extra)
    return env


def run_signaal(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "signaal.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
