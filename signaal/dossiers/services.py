"""Export a case as a dossier ZIP the police can check byte for byte."""

import io
import json
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from signaal.audit import services as audit
from signaal.cases.models import Case, CustodyEvent, DossierExport
from signaal.cases.services import _custody, _require_case_access
from signaal.dossiers import jsonld, manifest
from signaal.dossiers.pdf import render_pdf
from signaal.vault import blobs


class DossierError(Exception):
    """The dossier cannot be made; the message names the exhibit or the reason."""


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "bestand"
    return cleaned[:80]


def _evidence_files(case: Case) -> tuple[dict[str, bytes], dict[str, str]]:
    files: dict[str, bytes] = {}
    paths: dict[str, str] = {}
    for item in case.evidence.select_related("blob"):
        try:
            data = blobs.read_bytes(item.blob)
        except blobs.BlobError as e:
            raise DossierError(f"exhibit {item.exhibit_number}: {e}") from None
        if manifest.sha256_of(data) != item.sha256:
            raise DossierError(
                f"exhibit {item.exhibit_number}: content does not match its recorded SHA-256"
            )
        path = f"evidence/{item.exhibit_number}-{_safe_name(item.filename)}"
        files[path] = data
        paths[item.exhibit_number] = path
    return files, paths


def _pdf_context(case: Case, exported_at, actor_label: str, paths: dict[str, str]) -> dict:
    from signaal.cases.queries import case_timeline

    evidence = list(case.evidence.prefetch_related("custody").order_by("exhibit_number"))
    return {
        "case": case,
        "exported_at": exported_at,
        "exported_by": actor_label,
        "timeline": list(case_timeline(case)),
        "selectors": list(case.selectors.order_by("kind")),
        "evidence": evidence,
        "paths": paths,
        "custody": [event for item in evidence for event in item.custody.all()],
        "reports": list(case.reports.all()),
        "handover": getattr(case, "handover", None),
        "version": settings.SIGNAAL_VERSION,
    }


def build_dossier(case: Case, *, actor_label: str) -> tuple[bytes, bytes]:
    """The ZIP bytes and the manifest bytes for a case. Fails loudly, never partially."""
    case.refresh_from_db()
    exported_at = timezone.now()
    files, paths = _evidence_files(case)
    graph = jsonld.case_graph(case, evidence_paths=paths, tool_version=settings.SIGNAAL_VERSION)
    files["case.jsonld"] = json.dumps(graph, indent=2, ensure_ascii=False).encode("utf-8")
    files["dossier.pdf"] = render_pdf(_pdf_context(case, exported_at, actor_label, paths))
    manifest_bytes = manifest.build(
        files,
        case=case.number,
        exported_at=exported_at.isoformat(),
        exported_by=actor_label,
        tool={"name": "Signaal", "version": settings.SIGNAAL_VERSION},
    )
    buffer = io.BytesIO()
    stamp = timezone.localtime(exported_at).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [manifest.MANIFEST, *sorted(files)]:
            data = manifest_bytes if path == manifest.MANIFEST else files[path]
            archive.writestr(zipfile.ZipInfo(path, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), manifest_bytes


@transaction.atomic
def dossier_export(*, case: Case, actor) -> DossierExport:
    """Export an approved case; the ZIP is kept in the vault and every exhibit's
    chain of custody records the export. `actor` None is the command line."""
    if actor is not None:
        _require_case_access(actor, case, "case.export")
    if not hasattr(case, "handover"):
        raise ValidationError("A coordinator must approve the handover before the export.")
    actor_label = actor.get_username() if actor else "system"
    data, manifest_bytes = build_dossier(case, actor_label=actor_label)
    blob = blobs.put_bytes(data)
    export = DossierExport.objects.create(
        case=case,
        blob=blob,
        sha256=blob.sha256,
        manifest_sha256=manifest.sha256_of(manifest_bytes),
        created_by=actor,
    )
    for item in case.evidence.all():
        _custody(item, CustodyEvent.Action.EXPORTED, actor, dossier_sha256=export.sha256)
    audit.record(
        actor=actor,
        action="dossier.export",
        obj=case,
        details={"sha256": export.sha256, "manifest_sha256": export.manifest_sha256},
    )
    return export


@transaction.atomic
def dossier_download(*, export: DossierExport, actor) -> bytes:
    _require_case_access(actor, export.case, "case.export")
    audit.record(
        actor=actor, action="dossier.download", obj=export.case, details={"sha256": export.sha256}
    )
    return blobs.read_bytes(export.blob)
