import io
import secrets
import zipfile

from signaal.intake import services
from signaal.intake.uploads import check

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"synthetic-pixels" * 10


def token() -> str:
    return secrets.token_urlsafe(24)


def submit(**overrides):
    fields = {
        "submission_token": token(),
        "reporter_role": "close",
        "what_happened": "Mijn nichtje krijgt berichten van een onbekende man via snap: lisa_x.",
        "where_online": "https://voorbeeld.invalid/profiel/123",
        "when_happened": "vorige week",
    }
    fields.update(overrides)
    return services.report_submit(**fields)


def png_file(name="scherm.png"):
    return check(name, PNG)


def docx_bytes(extra_members=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>synthetisch</w:document>")
        for name, data in (extra_members or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()
