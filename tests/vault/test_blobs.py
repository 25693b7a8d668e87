import io
import os

from django.conf import settings

from signaal.vault import blobs
from signaal.vault.models import Blob
from tests.base import SignaalTestCase

PAYLOAD = b"Schermafbeelding van een chat, synthetisch. " * 50_000  # ~2.2 MB: three chunks


def stored_file(blob: Blob):
    return blobs.backend()._path(blob.id)


class BlobStoreTests(SignaalTestCase):
    def test_it_returns_what_was_stored(self):
        blob = blobs.put(io.BytesIO(PAYLOAD))
        self.assertEqual(blobs.read_bytes(Blob.objects.get(pk=blob.pk)), PAYLOAD)

    def test_it_records_the_sha256_and_size_of_the_plaintext(self):
        import hashlib

        blob = blobs.put_bytes(PAYLOAD)
        self.assertEqual(blob.sha256, hashlib.sha256(PAYLOAD).hexdigest())
        self.assertEqual(blob.size, len(PAYLOAD))

    def test_it_stores_no_plaintext_on_disk(self):
        blob = blobs.put_bytes(PAYLOAD)
        raw = stored_file(blob).read_bytes()
        self.assertNotIn(b"Schermafbeelding", raw)
        for path in (settings.DATA_DIR / "blobs").rglob("*"):
            if path.is_file():
                self.assertNotIn(b"Schermafbeelding", path.read_bytes())

    def test_it_handles_an_empty_file(self):
        blob = blobs.put_bytes(b"")
        self.assertEqual(blobs.read_bytes(blob), b"")

    def test_it_detects_a_flipped_byte(self):
        blob = blobs.put_bytes(PAYLOAD)
        path = stored_file(blob)
        data = bytearray(path.read_bytes())
        data[100] ^= 1
        path.write_bytes(bytes(data))
        with self.assertRaisesMessage(blobs.BlobError, "damaged at chunk 0"):
            blobs.read_bytes(blob)

    def test_it_detects_a_truncated_file(self):
        blob = blobs.put_bytes(PAYLOAD)
        path = stored_file(blob)
        data = path.read_bytes()
        # Cut off the last chunk exactly: every remaining chunk still decrypts on its own.
        path.write_bytes(data[: 12 + 2 * (blobs.CHUNK + blobs.TAG)])
        with self.assertRaises(blobs.BlobError):
            blobs.read_bytes(blob)

    def test_it_refuses_ciphertext_swapped_between_records(self):
        first, second = blobs.put_bytes(b"first file"), blobs.put_bytes(b"second file")
        stored_file(first).write_bytes(stored_file(second).read_bytes())
        with self.assertRaises(blobs.BlobError):
            blobs.read_bytes(first)

    def test_it_crypto_shreds(self):
        blob = blobs.put_bytes(PAYLOAD)
        with self.captureOnCommitCallbacks(execute=True):
            blobs.shred(blob)
        self.assertFalse(os.path.exists(stored_file(blob)))
        with self.assertRaisesMessage(blobs.BlobError, "shredded"):
            blobs.read_bytes(Blob.objects.get(pk=blob.pk))

    def test_it_says_when_the_file_is_missing(self):
        blob = blobs.put_bytes(b"x")
        stored_file(blob).unlink()
        with self.assertRaisesMessage(blobs.BlobError, "no stored file"):
            blobs.read_bytes(blob)

    def test_it_sweeps_files_without_a_record(self):
        blob = blobs.put_bytes(b"kept")
        orphan = blobs.backend().root / "ab" / ("ab" + "0" * 30)
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(b"ciphertext without a record")
        self.assertEqual(blobs.orphans_remove(older_than_seconds=3600), 0)
        self.assertGreaterEqual(blobs.orphans_remove(older_than_seconds=-1), 1)
        self.assertFalse(orphan.exists())
        self.assertTrue(stored_file(blob).exists())
