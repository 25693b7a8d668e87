"""Master keys: kept outside the database, used only to wrap data keys.

Master keys come from SIGNAAL_MASTER_KEY (comma-separated base64 keys, the
first is current) or from the key file in the data directory (one base64 key
per line, the first is current), which is created with mode 0600 on first use.
Every wrapped key records the id of the master key that wrapped it, so a
rotation can re-wrap data keys while old and new master keys are both known.
"""

import base64
import binascii
import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from signaal.config.env import SettingError
from signaal.config.keyfiles import write_private

KEY_BYTES = 32
NONCE_BYTES = 12


class MasterKeyMissing(Exception):
    """A master key needed to unwrap a data key is not configured."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes

    @property
    def id(self) -> str:
        return hashlib.sha256(b"signaal-master-key-id" + self.key).hexdigest()[:16]


def _decode(raw: str, source: str) -> MasterKey:
    try:
        key = base64.urlsafe_b64decode(raw.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise SettingError(
            f"{source}: each master key must be {KEY_BYTES} bytes in url-safe base64."
        )
    return MasterKey(key)


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


_create_lock = threading.Lock()


def _create_once(path: Path, text: str) -> None:
    """Create a key file unless it exists; concurrent first users all end up with one key.

    Threads of one server (and several processes) may ask for a key at the same
    first moment: os.link refuses to replace an existing file, so exactly one
    new key wins and everyone reads that one.
    """
    with _create_lock:
        if path.exists():
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.new")
        write_private(tmp, text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)


def key_file() -> Path:
    return Path(settings.MASTER_KEY_FILE)


def keys_from_env() -> bool:
    return bool(settings.MASTER_KEY_ENV)


@cache
def keyring() -> tuple[MasterKey, ...]:
    """All configured master keys, current first."""
    if settings.MASTER_KEY_ENV:
        parts = [p for p in settings.MASTER_KEY_ENV.split(",") if p.strip()]
        return tuple(_decode(p, "SIGNAAL_MASTER_KEY") for p in parts)
    path = key_file()
    if not path.exists():
        _create_once(path, encode_key(new_key()) + "\n")
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        raise SettingError(f"SIGNAAL_MASTER_KEY: the key file {path} is empty.")
    return tuple(_decode(line, f"master key file {path}") for line in lines)


def current() -> MasterKey:
    return keyring()[0]


def by_id(key_id: str) -> MasterKey:
    for _ in range(2):
        for key in keyring():
            if key.id == key_id:
                return key
        # Another process may have rotated the keys since we read them: read once more.
        keyring.cache_clear()
    raise MasterKeyMissing(f"master key {key_id} is not configured; restore it to the key file.")


def wrap(data_key: bytes, *, context: bytes) -> tuple[str, bytes]:
    """Encrypt a data key under the current master key: (master key id, wrapped bytes)."""
    master = current()
    nonce = os.urandom(NONCE_BYTES)
    return master.id, nonce + AESGCM(master.key).encrypt(nonce, data_key, b"wrap:" + context)


def unwrap(master_id: str, wrapped: bytes, *, context: bytes) -> bytes:
    master = by_id(master_id)
    nonce, ciphertext = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
    return AESGCM(master.key).decrypt(nonce, ciphertext, b"wrap:" + context)


def add_master_key_to_file() -> MasterKey:
    """Put a new master key in front of the key file, keeping the old ones for unwrapping."""
    path = key_file()
    existing = path.read_text() if path.exists() else ""
    key = MasterKey(new_key())
    write_private(path, encode_key(key.key) + "\n" + existing)
    keyring.cache_clear()
    return key


def drop_master_keys_except(keep: set[str]) -> int:
    path = key_file()
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    kept = [line for line in lines if _decode(line, str(path)).id in keep]
    write_private(path, "\n".join(kept) + "\n")
    keyring.cache_clear()
    return len(lines) - len(kept)


@cache
def hmac_key() -> bytes:
    """The key for keyed digests (receipt look-ups, selector matching, rate limits).

    Kept apart from the master keys: those rotate, while a digest must stay the
    same for as long as the records it finds.
    """
    if settings.HMAC_KEY_ENV:
        return _decode(settings.HMAC_KEY_ENV, "SIGNAAL_HMAC_KEY").key
    path = Path(settings.HMAC_KEY_FILE)
    if not path.exists():
        _create_once(path, encode_key(new_key()) + "\n")
    return _decode(path.read_text().strip(), f"HMAC key file {path}").key


def digest(purpose: str, value: str) -> str:
    """A keyed HMAC-SHA256 of `value` for one purpose; equal inputs give equal digests."""
    import hmac

    return hmac.new(hmac_key(), f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()
