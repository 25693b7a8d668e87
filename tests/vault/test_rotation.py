import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from signaal.audit.models import AuditEvent
from signaal.vault import blobs, keys
from signaal.vault.models import Blob, DataKey
from tests.base import SignaalTestCase
from tests.vaulttest.models import SealedNote


class KeyRotationTests(SignaalTestCase):
    def setUp(self):
        self.key_file = Path(settings.MASTER_KEY_FILE)
        self.original = self.key_file.read_text()
        self.note = SealedNote.objects.create(text="vóór rotatie")
        self.blob = blobs.put_bytes(b"evidence before rotation")

    def tearDown(self):
        self.key_file.write_text(self.original)
        keys.keyring.cache_clear()

    def rotate(self, *args):
        out = io.StringIO()
        call_command("keys", "rotate", *args, stdout=out)
        return out.getvalue()

    def test_it_rewraps_data_keys_and_blob_keys_under_the_new_master_key(self):
        output = self.rotate()
        current = keys.current().id
        self.assertIn(current, output)
        self.assertFalse(DataKey.objects.exclude(master_key_id=current).exists())
        self.assertFalse(Blob.objects.exclude(master_key_id=current).exists())

    def test_it_keeps_old_data_readable(self):
        self.rotate()
        self.assertEqual(SealedNote.objects.get(pk=self.note.pk).text, "vóór rotatie")
        blob = Blob.objects.get(pk=self.blob.pk)
        self.assertEqual(blobs.read_bytes(blob), b"evidence before rotation")

    def test_it_retires_old_master_keys_only_with_the_flag(self):
        self.rotate()
        self.assertEqual(len(keys.keyring()), 2)
        self.rotate("--retire-old")
        self.assertEqual(len(keys.keyring()), 1)
        self.assertEqual(SealedNote.objects.get(pk=self.note.pk).text, "vóór rotatie")

    def test_it_keeps_the_key_file_private(self):
        self.rotate()
        self.assertEqual(self.key_file.stat().st_mode & 0o777, 0o600)

    def test_it_writes_an_audit_event(self):
        self.rotate()
        self.assertTrue(AuditEvent.objects.filter(action="vault.keys_rotate").exists())

    def test_it_refuses_to_unwrap_with_an_unknown_master_key(self):
        with self.assertRaises(keys.MasterKeyMissing):
            keys.unwrap("0" * 16, b"x" * 40, context=b"blob:x")
