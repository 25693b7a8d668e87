"""Field encryption with envelope data keys (AES-256-GCM).

A value is stored as `enc1:` + base64(data key id, nonce, ciphertext); the
associated data names the model and field, so a value copied into another
column does not decrypt.
"""

import base64
import os
import struct
import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction

from signaal.vault import keys
from signaal.vault.models import DataKey

PREFIX = "enc1:"
# Unwrapped data keys by (row id, wrapped bytes): a re-wrapped or restored row misses.
_cache: dict[tuple[int, bytes], bytes] = {}
_lock = threading.Lock()


class DecryptionError(Exception):
    pass


def _plain_data_key(data_key: DataKey) -> bytes:
    cache_key = (data_key.pk, bytes(data_key.wrapped))
    with _lock:
        if cache_key in _cache:
            return _cache[cache_key]
    plain = keys.unwrap(data_key.master_key_id, cache_key[1], context=data_key.context())
    with _lock:
        _cache[cache_key] = plain
    return plain


def _current_data_key() -> DataKey:
    key = DataKey.objects.filter(is_current=True).order_by("-pk").first()
    if key is None:
        with transaction.atomic():
            key = DataKey.objects.create(master_key_id="", wrapped=b"", is_current=True)
            master_id, wrapped = keys.wrap(keys.new_key(), context=key.context())
            # The wrap's associated data names the row, so the row must exist first.
            key.master_key_id, key.wrapped = master_id, wrapped
            key.save(update_fields=["master_key_id", "wrapped"])
    return key


def encrypt_text(plaintext: str, *, context: str) -> str:
    data_key = _current_data_key()
    nonce = os.urandom(12)
    ciphertext = AESGCM(_plain_data_key(data_key)).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode()
    )
    blob = struct.pack(">I", data_key.pk) + nonce + ciphertext
    return PREFIX + base64.b64encode(blob).decode("ascii")


def decrypt_text(stored: str, *, context: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not encrypted")
    raw = base64.b64decode(stored[len(PREFIX) :])
    (key_id,) = struct.unpack(">I", raw[:4])
    nonce, ciphertext = raw[4:16], raw[16:]
    try:
        data_key = DataKey.objects.get(pk=key_id)
        return (
            AESGCM(_plain_data_key(data_key))
            .decrypt(nonce, ciphertext, context.encode())
            .decode("utf-8")
        )
    except (DataKey.DoesNotExist, InvalidTag) as e:
        raise DecryptionError(f"cannot decrypt a value for {context}") from e


def forget_cached_keys() -> None:
    with _lock:
        _cache.clear()
