"""Checks for files reporters send: by content, not by name; size-capped; no archives.

Accepted: images (PNG, JPEG, GIF, WebP, HEIC), PDF, plain text and Word/OpenDocument
documents. A file whose content does not match its name, an archive, an
executable or a document that unpacks to far more than it weighs is refused
with a sentence the reporter can act on.
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# A Word document unpacks to a few times its size; a zip bomb to thousands.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_UNPACK_RATIO = 100
MAX_ZIP_MEMBERS = 2000

EXTENSIONS = {
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "image/heic": {".heic", ".heif"},
    "application/pdf": {".pdf"},
    "text/plain": {".txt"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
}


class UploadRefused(Exception):
    """The message is shown to the reporter as it is."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _office_type(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadRefused(_("Dit bestand is beschadigd of geen geldig document.")) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRefused(
            _("Dit document bevat te veel onderdelen. Stuur een PDF of een schermafbeelding.")
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * max(len(data), 1):
        raise UploadRefused(
            _(
                "Dit document is te groot als het wordt uitgepakt. Stuur een PDF of een schermafbeelding."
            )
        )
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if (
        "mimetype" in names
        and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
    ):
        return "application/vnd.oasis.opendocument.text"
    raise UploadRefused(
        _("Archieven (zoals .zip) kunnen we niet aannemen. Stuur de bestanden los.")
    )


def check(name: str, data: bytes) -> CheckedFile:
    """Return the file with its real content type, or raise UploadRefused."""
    clean_name = (name or "bestand").replace("\\", "/").rsplit("/", 1)[-1][:200] or "bestand"
    if len(data) == 0:
        raise UploadRefused(_("Het bestand %(name)s is leeg.") % {"name": clean_name})
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused(
            _(
                "Het bestand %(name)s is groter dan 10 MB. Stuur een kleinere versie of een schermafbeelding."
            )
            % {"name": clean_name}
        )
    content_type = _sniff(data[:16])
    if content_type == "application/zip":
        content_type = _office_type(data)
    elif content_type is None and _looks_like_text(data):
        content_type = "text/plain"
    if content_type is None:
        raise UploadRefused(
            _(
                "We kunnen %(name)s niet aannemen. Stuur een schermafbeelding (PNG, JPG), een PDF of een tekstbestand."
            )
            % {"name": clean_name}
        )
    extension = "." + clean_name.rsplit(".", 1)[-1].lower() if "." in clean_name else ""
    if extension not in EXTENSIONS[content_type]:
        raise UploadRefused(
            _(
                "De naam van %(name)s past niet bij de inhoud. Geef het bestand de juiste extensie of stuur een schermafbeelding."
            )
            % {"name": clean_name}
        )
    return CheckedFile(name=clean_name, content_type=content_type, data=data)
