"""The dossier manifest: the SHA-256 of every file in the ZIP, and its check."""

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = "signaal-dossier/1"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(files: dict[str, bytes], **about) -> bytes:
    entries = [
        {"path": path, "sha256": sha256_of(data), "size": len(data)}
        for path, data in sorted(files.items())
    ]
    document = {"format": FORMAT, **about, "files": entries}
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


@dataclass
class VerifyReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path) -> VerifyReport:
    """Check every file of a dossier ZIP against its manifest; name what is wrong."""
    report = VerifyReport()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        report.problems.append(f"{path}: not a readable ZIP file ({e})")
        return report
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            report.problems.append(f"{MANIFEST}: missing")
            return report
        try:
            manifest = json.loads(archive.read(MANIFEST))
            entries = {e["path"]: e for e in manifest["files"]}
        except (ValueError, KeyError, TypeError) as e:
            report.problems.append(f"{MANIFEST}: unreadable ({e})")
            return report
        for name, entry in sorted(entries.items()):
            if name not in names:
                report.problems.append(f"{name}: missing")
                continue
            try:
                data = archive.read(name)
            except (zipfile.BadZipFile, OSError) as e:
                report.problems.append(f"{name}: unreadable ({e})")
                continue
            if sha256_of(data) != entry.get("sha256") or len(data) != entry.get("size"):
                report.problems.append(f"{name}: altered (SHA-256 does not match the manifest)")
                continue
            report.checked += 1
        for name in sorted(names - set(entries) - {MANIFEST}):
            report.problems.append(f"{name}: extra file not in the manifest")
    return report
