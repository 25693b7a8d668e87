import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError

from signaal.audit.models import AuditEvent
from signaal.cases import services as cases
from signaal.dossiers import manifest
from signaal.dossiers.services import DossierError, dossier_export
from signaal.vault import blobs
from tests.base import SignaalTestCase
from tests.cases.helpers import ready_case

VENV_BIN = Path(sys.executable).parent


def write_zip(data: bytes) -> Path:
    path = Path(tempfile.mkdtemp(prefix="dossier-")) / "dossier.zip"
    path.write_bytes(data)
    return path


class DossierExportTests(SignaalTestCase):
    def setUp(self):
        self.case = ready_case(self.investigator, self.coordinator)
        cases.case_approve_handover(case=self.case, actor=self.coordinator)

    def export_zip(self) -> Path:
        export = dossier_export(case=self.case, actor=self.investigator)
        return write_zip(blobs.read_bytes(export.blob))

    def test_it_holds_the_pdf_jsonld_evidence_and_a_manifest(self):
        with zipfile.ZipFile(self.export_zip()) as archive:
            names = set(archive.namelist())
            listed = {e["path"] for e in json.loads(archive.read("manifest.json"))["files"]}
        self.assertIn("dossier.pdf", names)
        self.assertIn("case.jsonld", names)
        self.assertIn(f"evidence/{self.case.number}-E01-scherm.png", names)
        self.assertEqual(listed, names - {"manifest.json"})

    def test_it_passes_verify(self):
        report = manifest.verify(self.export_zip())
        self.assertTrue(report.ok, report.problems)
        self.assertEqual(report.checked, 3)

    def test_it_names_an_altered_file(self):
        path = self.export_zip()
        tampered = path.with_name("tampered.zip")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "case.jsonld":
                    data = data.replace(b"Netwerk Utrecht", b"Netwerk Arnhem!")
                dst.writestr(info, data)
        report = manifest.verify(tampered)
        self.assertEqual(
            report.problems, ["case.jsonld: altered (SHA-256 does not match the manifest)"]
        )

    def test_it_names_missing_and_extra_files(self):
        path = self.export_zip()
        tampered = path.with_name("tampered.zip")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
            for info in src.infolist():
                if info.filename != "dossier.pdf":
                    dst.writestr(info, src.read(info.filename))
            dst.writestr("evidence/extra.txt", b"untracked")
        report = manifest.verify(tampered)
        self.assertIn("dossier.pdf: missing", report.problems)
        self.assertIn("evidence/extra.txt: extra file not in the manifest", report.problems)

    def test_it_says_when_a_file_is_not_a_zip(self):
        report = manifest.verify(write_zip(b"not a zip at all"))
        self.assertFalse(report.ok)
        self.assertIn("not a readable ZIP file", report.problems[0])

    def test_it_validates_as_case_uco(self):
        with zipfile.ZipFile(self.export_zip()) as archive:
            document = archive.read("case.jsonld")
        path = write_zip(b"").with_name("case.jsonld")
        path.write_bytes(document)
        result = subprocess.run(
            [str(VENV_BIN / "case_validate"), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout[-3000:] + result.stderr[-2000:])
        graph = json.loads(document)["@graph"]
        types = {node["@type"] for node in graph}
        self.assertTrue(
            {
                "investigation:Investigation",
                "investigation:InvestigativeAction",
                "investigation:ProvenanceRecord",
                "observable:File",
            }
            <= types
        )

    def test_it_renders_a_paginated_pdf_with_the_key_facts(self):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is missing: run make setup")
        with zipfile.ZipFile(self.export_zip()) as archive:
            pdf = archive.read("dossier.pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        path = write_zip(b"").with_name("dossier.pdf")
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = int(
            next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        )
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
        ).stdout
        self.assertGreaterEqual(pages, 1)
        self.assertIn(f"Dossier {self.case.number}", text)
        self.assertIn(f"Pagina 1 van {pages}", text)
        self.assertIn(self.case.evidence.get().sha256, text.replace("\n", "").replace(" ", ""))
        self.assertIn("Keten van bewaring", text)

    def test_it_fails_loudly_naming_a_missing_exhibit(self):
        item = self.case.evidence.get()
        blobs.backend()._path(item.blob.id).unlink()
        with self.assertRaisesMessage(DossierError, item.exhibit_number):
            dossier_export(case=self.case, actor=self.investigator)
        self.assertFalse(self.case.exports.exists())

    def test_it_fails_loudly_naming_a_corrupt_exhibit(self):
        item = self.case.evidence.get()
        path = blobs.backend()._path(item.blob.id)
        data = bytearray(path.read_bytes())
        data[-5] ^= 0xFF
        path.write_bytes(bytes(data))
        with self.assertRaisesMessage(DossierError, item.exhibit_number):
            dossier_export(case=self.case, actor=self.investigator)

    def test_it_refuses_an_unapproved_case(self):
        other = ready_case(self.investigator, self.coordinator)
        with self.assertRaisesMessage(ValidationError, "approve"):
            dossier_export(case=other, actor=self.investigator)

    def test_it_refuses_someone_who_cannot_see_the_case(self):
        with self.assertRaises(PermissionDenied):
            dossier_export(case=self.case, actor=self.intake_user)

    def test_it_records_the_export_in_custody_and_audit(self):
        export = dossier_export(case=self.case, actor=self.investigator)
        self.assertTrue(self.case.evidence.get().custody.filter(action="exported").exists())
        event = AuditEvent.objects.get(action="dossier.export")
        self.assertEqual(event.details["sha256"], export.sha256)

    def test_it_records_the_handover_after_the_export(self):
        import datetime

        with self.assertRaisesMessage(ValidationError, "Exporteer"):
            cases.case_hand_over(
                case=self.case,
                police_unit="Eenheid Midden-Nederland",
                police_reference="PL-1",
                handed_over_on=datetime.date.today(),
                actor=self.coordinator,
            )
        dossier_export(case=self.case, actor=self.investigator)
        handover = cases.case_hand_over(
            case=self.case,
            police_unit="Eenheid Midden-Nederland",
            police_reference="PL-1",
            handed_over_on=datetime.date.today(),
            actor=self.coordinator,
        )
        self.assertEqual(handover.case.status, "handed_over")
        self.assertTrue(AuditEvent.objects.filter(action="case.hand_over").exists())


class DossierCommandTests(SignaalTestCase):
    def test_it_exports_and_verifies_from_the_command_line(self):
        from django.core.management import call_command

        case = ready_case(self.investigator, self.coordinator)
        cases.case_approve_handover(case=case, actor=self.coordinator)
        out = Path(tempfile.mkdtemp()) / "dossier.zip"
        stdout = io.StringIO()
        call_command("dossier", "export", case.number, "--out", str(out), stdout=stdout)
        self.assertIn("SHA-256", stdout.getvalue())
        stdout = io.StringIO()
        call_command("dossier", "verify", str(out), stdout=stdout)
        self.assertIn("all 3 files match", stdout.getvalue())

    def test_it_exits_1_naming_the_file_for_a_tampered_zip(self):
        from django.core.management import call_command

        case = ready_case(self.investigator, self.coordinator)
        cases.case_approve_handover(case=case, actor=self.coordinator)
        export = dossier_export(case=case, actor=None)
        path = write_zip(blobs.read_bytes(export.blob))
        tampered = path.with_name("t.zip")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                dst.writestr(info, data + b" " if info.filename == "dossier.pdf" else data)
        stderr = io.StringIO()
        with self.assertRaises(SystemExit) as exit_:
            call_command("dossier", "verify", str(tampered), stderr=stderr)
        self.assertEqual(exit_.exception.code, 1)
        self.assertIn("dossier.pdf: altered", stderr.getvalue())

    def test_it_refuses_an_unknown_case_number(self):
        from django.core.management import CommandError, call_command

        with self.assertRaisesMessage(CommandError, "no case numbered"):
            call_command("dossier", "export", "WN-1999-0001", "--out", "/tmp/x.zip")
