import pytest

from signaal.intake.uploads import MAX_FILE_BYTES, UploadRefused, check
from tests.intake.helpers import PNG, docx_bytes


def test_it_accepts_a_png_by_its_content():
    assert check("scherm.PNG", PNG).content_type == "image/png"


def test_it_accepts_a_pdf_and_plain_text():
    assert check("brief.pdf", b"%PDF-1.7\n...").content_type == "application/pdf"
    assert check("chat.txt", b"Hoi, alles goed?").content_type == "text/plain"


def test_it_accepts_a_word_document():
    name = "verslag.docx"
    assert check(name, docx_bytes()).content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("leeg.png", b"", "leeg"),
        ("programma.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100, "niet aannemen"),
        ("foto.pdf", PNG, "past niet bij de inhoud"),
        ("script.png", b"#!/bin/sh\necho hoi\n", "past niet bij de inhoud"),
        ("archief.zip", docx_bytes({"a.txt": "x"})[:0] + b"PK\x03\x04broken", "beschadigd"),
    ],
)
def test_it_refuses_invalid_or_disguised_files(name, data, reason):
    with pytest.raises(UploadRefused, match=reason):
        check(name, data)


def test_it_refuses_a_plain_archive():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("foto.png", PNG)
    with pytest.raises(UploadRefused, match="Archieven"):
        check("fotos.zip", buffer.getvalue())


def test_it_refuses_an_archive_bomb():
    bomb = docx_bytes({"word/media/filler.xml": "0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UploadRefused, match="uitgepakt"):
        check("verslag.docx", bomb)


def test_it_refuses_a_file_over_the_size_cap():
    with pytest.raises(UploadRefused, match="10 MB"):
        check("groot.png", PNG + b"\x00" * MAX_FILE_BYTES)


def test_it_strips_directories_from_the_name():
    assert check("../../etc/passwd.txt", b"synthetisch").name == "passwd.txt"
