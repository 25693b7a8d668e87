from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from signaal.cases.models import Case
from signaal.dossiers import manifest
from signaal.dossiers.services import DossierError, dossier_export
from signaal.vault import blobs


class Command(BaseCommand):
    help = "Export a case as a dossier ZIP, or verify a dossier ZIP against its manifest."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help="Export an approved case to a ZIP file.")
        export.add_argument("case", help="Case number, e.g. WN-2026-0001")
        export.add_argument("--out", required=True, help="Where to write the ZIP file.")
        verify = sub.add_parser(
            "verify", help="Check every file of a dossier ZIP; exit 1 if any is wrong."
        )
        verify.add_argument("zipfile")

    def handle(self, *args, **options):
        if options["action"] == "export":
            return self.export(options["case"], Path(options["out"]))
        return self.verify(Path(options["zipfile"]))

    def export(self, number: str, out: Path):
        case = Case.objects.filter(number=number).first()
        if case is None:
            raise CommandError(f"no case numbered {number}", returncode=2)
        if out.exists():
            raise CommandError(f"{out} exists already; choose another --out", returncode=2)
        if not out.parent.is_dir():
            raise CommandError(f"directory {out.parent} does not exist", returncode=2)
        try:
            export = dossier_export(case=case, actor=None)
        except DossierError as e:
            raise CommandError(f"dossier not exported: {e}", returncode=1) from None
        except ValidationError as e:
            raise CommandError(" ".join(e.messages), returncode=2) from None
        tmp = out.with_name(out.name + ".part")
        with open(tmp, "wb") as f:
            for chunk in blobs.chunks(export.blob):
                f.write(chunk)
        tmp.replace(out)
        self.stdout.write(f"{out}: dossier {case.number}, SHA-256 {export.sha256}")

    def verify(self, path: Path):
        if not path.exists():
            raise CommandError(f"{path} does not exist", returncode=2)
        report = manifest.verify(path)
        if report.ok:
            self.stdout.write(f"{path}: all {report.checked} files match the manifest")
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise SystemExit(1)
