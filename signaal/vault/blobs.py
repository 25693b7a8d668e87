"""The encrypted blob store: uploads, WARC files and exports live here.

Files are encrypted in 1 MiB chunks with AES-256-GCM under a per-blob data
key. Each chunk's associated data holds the blob id, the chunk number and a
last-chunk flag, so chunks cannot be reordered, swapped between blobs or cut
off. The SHA-256 of the plaintext is recorded and checked again on reading.
Plaintext is never written to disk.

`LocalBlobBackend` keeps ciphertext under the data directory; an object-store
backend only needs the same four methods.
"""

import hashlib
import io
import os
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from signaal.vault import keys
from signaal.vault.models import Blob

MAGIC = b"SGB1"
CHUNK = 1024 * 1024
TAG = 16


class BlobError(Exception):
    """A blob is missing, shredded, or does not match its recorded hash."""


class LocalBlobBackend:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, blob_id: uuid.UUID) -> Path:
        name = blob_id.hex
        return self.root / name[:2] / name

    def writer(self, blob_id: uuid.UUID) -> "_AtomicFile":
        return _AtomicFile(self._path(blob_id))

    def reader(self, blob_id: uuid.UUID) -> BinaryIO:
        try:
            return open(self._path(blob_id), "rb")
        except FileNotFoundError:
            raise BlobError(f"blob {blob_id} has no stored file") from None

    def delete(self, blob_id: uuid.UUID) -> None:
        self._path(blob_id).unlink(missing_ok=True)

    def exists(self, blob_id: uuid.UUID) -> bool:
        return self._path(blob_id).exists()


class _AtomicFile:
    """Write to a temporary name, fsync, then rename: a crash leaves no half file."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(path.name + ".part")

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.f = open(self.tmp, "wb")
        return self.f

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.f.flush()
            os.fsync(self.f.fileno())
            self.f.close()
            os.replace(self.tmp, self.path)
        else:
            self.f.close()
            self.tmp.unlink(missing_ok=True)


def backend() -> LocalBlobBackend:
    return LocalBlobBackend(Path(settings.DATA_DIR) / "blobs")


def _aad(blob_id: uuid.UUID, index: int, last: bool) -> bytes:
    return blob_id.bytes + struct.pack(">Q?", index, last)


def put(stream: BinaryIO) -> Blob:
    """Encrypt everything read from `stream` into a new blob and return its record."""
    blob = Blob(id=uuid.uuid4(), sha256="", size=0)
    data_key = keys.new_key()
    aes = AESGCM(data_key)
    prefix = os.urandom(8)
    digest = hashlib.sha256()
    size = 0
    store = backend()
    with store.writer(blob.id) as out:
        out.write(MAGIC + prefix)
        index = 0
        chunk = stream.read(CHUNK)
        while True:
            following = stream.read(CHUNK) if chunk else b""
            last = not following
            digest.update(chunk)
            size += len(chunk)
            nonce = prefix + struct.pack(">I", index)
            out.write(aes.encrypt(nonce, chunk, _aad(blob.id, index, last)))
            if last:
                break
            chunk, index = following, index + 1
    blob.sha256, blob.size = digest.hexdigest(), size
    blob.master_key_id, blob.wrapped_key = keys.wrap(data_key, context=blob.context())
    try:
        blob.save(force_insert=True)
    except Exception:
        store.delete(blob.id)
        raise
    # If the surrounding transaction rolls back, the file stays behind without a
    # record or key: unreadable ciphertext that `orphans_remove` sweeps up.
    return blob


def orphans_remove(*, older_than_seconds: int = 3600) -> int:
    """Delete stored files that have no blob record (left by rolled-back writes).

    Young files are left alone: their record may be about to commit.
    """
    import time

    store = backend()
    if not store.root.exists():
        return 0
    known = {b.hex for b in Blob.objects.values_list("id", flat=True)}
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in store.root.glob("*/*"):
        stem = path.name.removesuffix(".part")
        if stem not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def put_bytes(data: bytes) -> Blob:
    return put(io.BytesIO(data))


def chunks(blob: Blob) -> Iterator[bytes]:
    """Yield the plaintext of a blob, verifying every chunk and the final hash."""
    if blob.shredded_at or not blob.wrapped_key:
        raise BlobError(f"blob {blob.id} was shredded")
    aes = AESGCM(keys.unwrap(blob.master_key_id, bytes(blob.wrapped_key), context=blob.context()))
    digest = hashlib.sha256()
    with backend().reader(blob.id) as f:
        header = f.read(len(MAGIC) + 8)
        if header[:4] != MAGIC:
            raise BlobError(f"blob {blob.id} is not a Signaal blob file")
        prefix = header[4:]
        index = 0
        record = f.read(CHUNK + TAG)
        while True:
            if not record:
                raise BlobError(f"blob {blob.id} is truncated")
            following = f.read(CHUNK + TAG)
            last = not following
            nonce = prefix + struct.pack(">I", index)
            try:
                plain = aes.decrypt(nonce, record, _aad(blob.id, index, last))
            except InvalidTag:
                raise BlobError(f"blob {blob.id} is damaged at chunk {index}") from None
            digest.update(plain)
            yield plain
            if last:
                break
            record, index = following, index + 1
    if digest.hexdigest() != blob.sha256:
        raise BlobError(f"blob {blob.id} does not match its recorded SHA-256")


def read_bytes(blob: Blob) -> bytes:
    return b"".join(chunks(blob))


@transaction.atomic
def shred(blob: Blob) -> None:
    """Crypto-shred: forget the key and delete the ciphertext."""
    blob.wrapped_key = None
    blob.master_key_id = ""
    blob.shredded_at = timezone.now()
    blob.save(update_fields=["wrapped_key", "master_key_id", "shredded_at"])
    blob_id = blob.id
    transaction.on_commit(lambda: backend().delete(blob_id))
