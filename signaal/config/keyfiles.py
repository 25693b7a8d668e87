"""Secrets kept in files beside the data, created on first use with mode 0600."""

import os
import secrets
from pathlib import Path

from signaal.config.env import SettingError


def write_private(path: Path, text: str) -> None:
    """Write a file only the owner can read, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_or_create_secret(path: Path) -> str:
    try:
        if not path.exists():
            write_private(path, secrets.token_urlsafe(64) + "\n")
        return path.read_text().strip()
    except OSError as e:
        raise SettingError(f"SIGNAAL_DATA_DIR: cannot use {path.parent}: {e.strerror}.") from None
