"""Uploads are identified by their bytes; the name's extension must agree."""

import io
import zipfile

import pytest

from greenplan.lib import files
from greenplan.lib.files import DOCX, JPEG, PDF, PNG, XLSX, FileRefused, check_upload
from greenplan.testing.files import (
    docx_bytes,
    jpeg_bytes,
    ooxml_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
    zip_bomb_bytes,
)

ALL = (PDF, PNG, JPEG, DOCX, XLSX)
MB = 1024 * 1024


def check(name, content, kinds=ALL, max_bytes=20 * MB):
    return check_upload(upload(name, content), kinds=kinds, max_bytes=max_bytes)


@pytest.mark.parametrize("name, content, kind", [
    ("bien-ban.pdf", pdf_bytes(), PDF),
    ("anh.PNG", png_bytes(), PNG),
    ("anh.jpg", jpeg_bytes(), JPEG),
    ("anh.jpeg", jpeg_bytes(), JPEG),
    ("bao-cao.docx", docx_bytes(), DOCX),
    ("so-lieu.xlsx", xlsx_bytes(), XLSX),
])
def test_it_accepts_real_files(name, content, kind):
    checked = check(name, content)
    assert checked.kind is kind and checked.name == name


@pytest.mark.parametrize("name, content", [
    ("anh.pdf", png_bytes()),
    ("trang.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("trang.pdf", b"<html>%PDF-1.4 polyglot</html>"),
    ("ve.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("ve.png", b"\x89PNG\r\n\x1a\n"),  # a signature with no IHDR
    ("anh.jpg", png_bytes()),
    ("anh.jpg", b"\xff\xd8jpeg"),
    ("van-ban.docx", xlsx_bytes()),  # a real workbook is not a document
    ("so-lieu.xlsx", docx_bytes()),
    ("van-ban.docx", b"PK\x03\x04broken zip"),
    ("van-ban.docx", ooxml_bytes(content_types=False)),
    ("so-lieu.xlsx", pdf_bytes()),
])
def test_it_refuses_content_that_is_not_what_the_name_says(name, content):
    with pytest.raises(FileRefused) as refused:
        check(name, content)
    assert name in refused.value.message
    assert "không đúng" in refused.value.message


def test_it_refuses_a_pdf_with_html_right_after_its_header():
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF"
    with pytest.raises(FileRefused):
        check("hoa-don.pdf", polyglot)


@pytest.mark.parametrize("name", ["trang.html", "ve.svg", "chay.exe", "khong-duoi", ".pdf", "a.pdf.html"])
def test_it_refuses_other_types_by_name(name):
    with pytest.raises(FileRefused) as refused:
        check(name, pdf_bytes())
    assert "chỉ nhận" in refused.value.message


def test_it_refuses_a_type_the_caller_does_not_take():
    with pytest.raises(FileRefused) as refused:
        check("anh.png", png_bytes(), kinds=(PDF,))
    assert "anh.png" in refused.value.message and "PDF" in refused.value.message


def test_it_refuses_empty_and_oversized_files():
    with pytest.raises(FileRefused, match="rỗng"):
        check("a.pdf", b"")
    with pytest.raises(FileRefused, match=r"quá lớn \(tối đa 1 MB\)"):
        check("a.pdf", pdf_bytes() + b" " * MB, max_bytes=MB)


def test_it_refuses_a_zip_bomb_from_its_directory_without_inflating_it(monkeypatch):
    bomb = zip_bomb_bytes()
    assert len(bomb) < 300 * 1024

    def no_inflating(*args, **kwargs):
        raise AssertionError("a bomb must be refused before any member is read")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    with pytest.raises(FileRefused) as refused:
        check("bao-cao.docx", bomb)
    assert "bao-cao.docx" in refused.value.message and "giải nén" in refused.value.message


def test_it_bounds_what_it_inflates_even_when_the_directory_lies():
    # The directory says 1 KB; the data inflates to 50 MB of zeros.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/zeros.bin", b"\x00" * (50 * MB))
    data = bytearray(buffer.getvalue())
    # A central directory header: signature, …, uncompressed size at +24, name at +46.
    entry = data.find(b"word/media/zeros.bin", data.find(b"PK\x01\x02")) - 46
    assert data[entry:entry + 4] == b"PK\x01\x02"
    data[entry + 24:entry + 28] = (1024).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("word/media/zeros.bin").file_size == 1024
    with pytest.raises(FileRefused):
        check("bao-cao.docx", bytes(data))


def test_it_refuses_too_many_entries(monkeypatch):
    monkeypatch.setattr(files, "OOXML_MAX_ENTRIES", 5)
    content = ooxml_bytes(extra={f"word/media/{i}.xml": b"<x/>" for i in range(10)})
    with pytest.raises(FileRefused, match="giải nén"):
        check("bao-cao.docx", content)


def test_it_refuses_an_extreme_compression_ratio(monkeypatch):
    monkeypatch.setattr(files, "OOXML_MAX_TOTAL_BYTES", 1024 * MB)
    content = ooxml_bytes(extra={"word/media/zeros.bin": b"\x00" * (20 * MB)})
    with pytest.raises(FileRefused, match="giải nén"):
        check("bao-cao.docx", content)


def test_it_leaves_the_file_ready_to_be_stored():
    file = upload("a.pdf", pdf_bytes())
    check_upload(file, kinds=ALL, max_bytes=MB)
    assert file.tell() == 0 and file.read() == pdf_bytes()


@pytest.mark.parametrize("name, content, expected", [
    ("a.pdf", pdf_bytes(), "application/pdf"),
    ("a.png", png_bytes(), "image/png"),
    ("a.jpg", jpeg_bytes(), "image/jpeg"),
    ("a.docx", docx_bytes(), DOCX.content_type),
    ("a.xlsx", xlsx_bytes(), XLSX.content_type),
    ("a.pdf", b"<html><script>alert(1)</script></html>", "application/octet-stream"),
    ("a.png", pdf_bytes(), "application/octet-stream"),
])
def test_it_names_a_stored_files_type_by_its_bytes(name, content, expected):
    assert files.stored_content_type(io.BytesIO(content), name) == expected


def test_a_refusal_lists_each_kind_with_its_extensions_once():
    with pytest.raises(files.FileRefused) as refused:
        files.check_upload(upload("virus.exe", b"MZ"), kinds=(files.PDF, files.DOCX, files.XLSX, files.JPEG),
                           max_bytes=1024)
    assert refused.value.message == (
        "Tệp virus.exe: chỉ nhận PDF (.pdf), Word (.docx), Excel (.xlsx), JPEG (.jpg, .jpeg)."
    )
