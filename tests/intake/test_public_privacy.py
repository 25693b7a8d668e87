"""What a reporter sends is never on disk in plaintext, and their address is nowhere.

Runs committed (TransactionTestCase) so the SQLite file and its WAL hold the
real rows; on PostgreSQL every column of every table is read back raw.
"""

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TransactionTestCase

from signaal.intake import services
from signaal.intake.models import Attachment, Report
from tests.intake.test_public_report import CODE_RE

ADDRESS = "203.0.113.77"


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


class PlaintextAtRestTests(TransactionTestCase):
    def setUp(self):
        cache.clear()
        marker = secrets.token_hex(6)
        self.secrets = {
            "what_happened": f"Zeldzaamverhaal{marker} over een man bij het station.",
            "where_online": f"https://voorbeeld.invalid/profiel-{marker}",
            "when_happened": f"Dinsdagavond{marker}",
            "contact_name": f"Naam{marker}",
            "contact_email": f"melder{marker}@example.invalid",
            "contact_phone": f"06{int(marker, 16) % 10**8:08d}",
            "reply": f"Antwoordtekst{marker} van de melder.",
        }
        self.file_bytes = b"\x89PNG\r\n\x1a\n" + f"PIXELS{marker}".encode() * 20
        self.log = _Capture()
        self.loggers = [logging.getLogger(), logging.getLogger("django.request")]
        self.old_levels = [lg.level for lg in self.loggers]
        for lg in self.loggers:
            lg.addHandler(self.log)
            lg.setLevel(logging.DEBUG)

    def tearDown(self):
        for lg, level in zip(self.loggers, self.old_levels, strict=True):
            lg.removeHandler(self.log)
            lg.setLevel(level)

    def submit_and_reply(self):
        fields = {k: v for k, v in self.secrets.items() if k != "reply"}
        data = {
            "submission_token": secrets.token_urlsafe(24),
            "reporter_role": "self",
            "about_minor": "yes",
            "danger_now": "no",
            "files": SimpleUploadedFile("bewijs.png", self.file_bytes),
            **fields,
        }
        r = self.client.post("/melden/", data, **{settings.CLIENT_ADDRESS_META: ADDRESS})
        code = CODE_RE.search(r.content.decode()).group(1)
        self.client.post(
            "/opvolgen/",
            {"code": code, "body": self.secrets["reply"], "send": "1"},
            **{settings.CLIENT_ADDRESS_META: ADDRESS},
        )
        self.client.post(
            "/opvolgen/", {"code": "0000 1111 2222 3333"}, **{settings.CLIENT_ADDRESS_META: ADDRESS}
        )
        report = Report.objects.get()
        self.assertEqual(report.messages.get().body, self.secrets["reply"])
        self.assertEqual(Attachment.objects.count(), 1)
        return code

    def needles(self) -> dict[str, bytes]:
        found = {k: v.encode() for k, v in self.secrets.items()}
        found["file"] = self.file_bytes[8:40]
        found["address"] = ADDRESS.encode()
        return found

    def test_it_keeps_no_plaintext_and_no_address_in_any_table(self):
        code = self.submit_and_reply()
        needles = self.needles()
        needles["receipt code"] = code.replace(" ", "").encode()
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                for row in cursor.fetchall():
                    raw = b" ".join(
                        bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
                        for v in row
                    )
                    for name, needle in needles.items():
                        self.assertNotIn(needle, raw, f"{name} in table {table}")

    def test_it_keeps_no_plaintext_and_no_address_in_the_data_directory(self):
        self.submit_and_reply()
        reference = Report.objects.get().reference.encode()
        # Read while the connection is open: committed rows may still be only in the WAL.
        files = [p for p in Path(settings.DATA_DIR).rglob("*") if p.is_file()]
        if connection.vendor == "sqlite":
            database = Path(connection.settings_dict["NAME"])
            wal = database.with_name(database.name + "-wal")
            self.assertIn(database, files)
            self.assertIn(wal, files)
            # A control: the search does see what is stored in the clear.
            self.assertIn(reference, database.read_bytes() + wal.read_bytes())
        self.assertTrue(any("blobs" in p.parts for p in files))
        for path in files:
            data = path.read_bytes()
            for name, needle in self.needles().items():
                self.assertNotIn(needle, data, f"{name} in {path}")

    def test_it_writes_no_address_or_report_text_to_the_logs(self):
        from unittest import mock

        from django.db import DatabaseError

        self.submit_and_reply()
        with mock.patch.object(services, "report_submit", side_effect=DatabaseError("locked")):
            self.client.post(
                "/melden/",
                {
                    "submission_token": secrets.token_urlsafe(24),
                    "reporter_role": "self",
                    "what_happened": self.secrets["what_happened"],
                },
                **{settings.CLIENT_ADDRESS_META: ADDRESS},
            )
        self.assertTrue(self.log.lines, "the failed submit should have logged one line")
        text = "\n".join(self.log.lines)
        for name, needle in self.needles().items():
            self.assertNotIn(needle.decode(errors="ignore"), text, name)
