from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from signaal.vault import crypto
from tests.base import SignaalTestCase

SECRET = "Mijn geheime verhaal over Utrecht 0612345678"


class EncryptedFieldTests(SignaalTestCase):
    """The vault's test model: a note whose text is an EncryptedTextField."""

    def make_note(self, text=SECRET):
        from tests.vaulttest.models import SealedNote

        return SealedNote.objects.create(text=text)

    def test_it_reads_back_what_was_written(self):
        note = self.make_note()
        from tests.vaulttest.models import SealedNote

        self.assertEqual(SealedNote.objects.get(pk=note.pk).text, SECRET)

    def test_it_stores_no_plaintext_in_the_column(self):
        note = self.make_note()
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM vaulttest_sealednote WHERE id = %s", [note.pk])
            (raw,) = cursor.fetchone()
        self.assertTrue(raw.startswith("enc1:"))
        self.assertNotIn("geheime", raw)

    def test_it_refuses_a_value_moved_to_another_column(self):
        stored = crypto.encrypt_text("x", context="vaulttest.sealednote.text")
        with self.assertRaises(crypto.DecryptionError):
            crypto.decrypt_text(stored, context="intake.report.text")

    def test_it_refuses_a_tampered_value(self):
        stored = crypto.encrypt_text("x", context="vaulttest.sealednote.text")
        tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
        with self.assertRaises(crypto.DecryptionError):
            crypto.decrypt_text(tampered, context="vaulttest.sealednote.text")


class RawDatabaseFileTests(TransactionTestCase):
    """Committed rows, read back from the SQLite file and its write-ahead log."""

    def test_it_leaves_no_plaintext_in_the_database_file(self):
        if connection.vendor != "sqlite":
            self.skipTest("the raw-file check is for SQLite; the column check covers PostgreSQL")
        from tests.vaulttest.models import SealedNote

        SealedNote.objects.create(text=SECRET)
        name = settings.DATABASES["default"]["NAME"]
        raw = b""
        for suffix in ("", "-wal"):
            try:
                with open(f"{name}{suffix}", "rb") as f:
                    raw += f.read()
            except FileNotFoundError:
                pass
        self.assertIn(b"vaulttest_sealednote", raw)  # we are reading the right file
        self.assertNotIn(b"geheime", raw)
        self.assertNotIn("geheime".encode("utf-16-le"), raw)
