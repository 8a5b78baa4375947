"""What an uploaded file is, decided by its bytes; and how a stored file is sent back.

Every service that stores an upload calls `check_upload`: the name's extension must be one the
caller takes, and the content must be what that extension says. Browsers' content types and
names are never trusted. An OOXML file (.docx, .xlsx) is a zip: its directory is checked for
size, entry count and compression ratio before anything is inflated, and what is inflated is
counted again while reading, so a directory that lies is caught too.

Every stored file goes back through `attachment_response`: always a download, never rendered
by the browser, with the content type taken from the stored bytes.
"""

import re
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    main_part: str | None = None  # for OOXML: the part that makes it a document or a workbook


PDF = FileKind("PDF", "application/pdf", ("pdf",))
PNG = FileKind("PNG", "image/png", ("png",))
JPEG = FileKind("JPEG", "image/jpeg", ("jpg", "jpeg"))
WEBP = FileKind("WebP", "image/webp", ("webp",))
DOCX = FileKind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ("docx",), "word/document.xml")
XLSX = FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ("xlsx",), "xl/workbook.xml")
PPTX = FileKind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ("pptx",), "ppt/presentation.xml")
KINDS = (PDF, PNG, JPEG, WEBP, DOCX, XLSX, PPTX)

# Honest office files stay far below these; a zip bomb does not.
OOXML_MAX_TOTAL_BYTES = 100 * 1024 * 1024
OOXML_MAX_ENTRIES = 5000
OOXML_MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
READ_CHUNK = 64 * 1024
HEAD_BYTES = 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A JPEG starts with SOI (FFD8) and then a marker: APPn, DQT, DHT, DRI, COM or a start of frame.
JPEG_MARKERS = frozenset([*range(0xE0, 0xF0), 0xDB, 0xC4, 0xDD, 0xFE, *(m for m in range(0xC0, 0xD0)
                                                                         if m not in (0xC4, 0xC8, 0xCC))])
HTML_MARKERS = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta)\b", re.IGNORECASE)


class FileRefused(ValueError):
    """The upload is refused; `message` is in the user's language and names the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: FileKind


def safe_name(name: str | None) -> str:
    """The base name without folders, control characters or quotes, for storing and for headers."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in base).replace('"', "'")
    return " ".join(cleaned.split())


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _head(file: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _is_pdf(head: bytes) -> bool:
    # At offset 0, so nothing (no HTML) comes before it; no markup in the header either: a polyglot.
    return re.match(rb"%PDF-\d", head) is not None and HTML_MARKERS.search(head) is None


def _is_png(head: bytes) -> bool:
    if not head.startswith(PNG_SIGNATURE) or head[8:16] != b"\x00\x00\x00\x0dIHDR" or len(head) < 24:
        return False
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return width > 0 and height > 0


def _is_jpeg(head: bytes) -> bool:
    return len(head) >= 4 and head[:3] == b"\xff\xd8\xff" and head[3] in JPEG_MARKERS


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:16] in (b"VP8 ", b"VP8L", b"VP8X")


HEAD_TESTS = {PDF: _is_pdf, PNG: _is_png, JPEG: _is_jpeg, WEBP: _is_webp}


class _TooBig(Exception):
    pass


def _check_ooxml(file: IO[bytes], kind: FileKind) -> bool:
    """True for a real OOXML package of `kind`; raises _TooBig for what would inflate too far."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            if "[Content_Types].xml" not in names or kind.main_part not in names:
                return False
            if len(members) > OOXML_MAX_ENTRIES:
                raise _TooBig
            if sum(info.file_size for info in members) > OOXML_MAX_TOTAL_BYTES:
                raise _TooBig
            for info in members:
                if info.file_size > RATIO_FLOOR and info.file_size > OOXML_MAX_RATIO * max(info.compress_size, 1):
                    raise _TooBig
            # The directory may lie: inflate every member once, counting, and let zipfile check CRCs.
            total = 0
            for info in members:
                with archive.open(info) as member:
                    while chunk := member.read(READ_CHUNK):
                        total += len(chunk)
                        if total > OOXML_MAX_TOTAL_BYTES:
                            raise _TooBig
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError):
        return False
    finally:
        file.seek(0)
    return True


def _labels(kinds: Collection[FileKind]) -> str:
    """"PDF (.pdf), Word (.docx), JPEG (.jpg, .jpeg)": the extensions once, even where the label names them."""
    shown = []
    for kind in kinds:
        extensions = "(" + ", ".join(f".{ext}" for ext in kind.extensions) + ")"
        shown.append(kind.label if extensions in kind.label else f"{kind.label} {extensions}")
    return ", ".join(shown)


def check_upload(file: Any, *, kinds: Collection[FileKind], max_bytes: int) -> CheckedFile:
    """Check an uploaded file (Django `File`) against the kinds the caller takes; return its
    safe name and its kind, or raise FileRefused. The file is left at its start, ready to store."""
    name = safe_name(getattr(file, "name", ""))
    shown = name or "?"
    ext = extension(name)
    kind = next((k for k in kinds if ext in k.extensions), None)
    if kind is None:
        raise FileRefused(_("Tệp %(name)s: chỉ nhận %(kinds)s.") % {"name": shown, "kinds": _labels(kinds)})
    size = file.size
    if size is None or size > max_bytes:
        raise FileRefused(_("Tệp %(name)s quá lớn (tối đa %(mb)s MB).")
                          % {"name": shown, "mb": max_bytes // (1024 * 1024)})
    if size == 0:
        raise FileRefused(_("Tệp %(name)s rỗng.") % {"name": shown})
    wrong = _("Tệp %(name)s không đúng là tệp %(kind)s: nội dung không khớp với đuôi .%(ext)s.") % {
        "name": shown, "kind": kind.label, "ext": ext}
    if kind.main_part is None:
        if not HEAD_TESTS[kind](_head(file)):
            raise FileRefused(wrong)
    else:
        try:
            real = _check_ooxml(file, kind)
        except _TooBig:
            raise FileRefused(
                _("Tệp %(name)s bị từ chối: khi giải nén quá lớn (tối đa %(mb)s MB) hoặc quá nhiều thành phần.")
                % {"name": shown, "mb": OOXML_MAX_TOTAL_BYTES // (1024 * 1024)}
            ) from None
        if not real:
            raise FileRefused(wrong)
    return CheckedFile(name=name, kind=kind)


def stored_content_type(handle: IO[bytes], name: str) -> str:
    """The content type of a stored file from its first bytes; anything unrecognised (say, a file
    stored before uploads were checked) is sent as opaque bytes."""
    ext = extension(name)
    head = _head(handle)
    for kind in KINDS:
        if ext not in kind.extensions:
            continue
        if kind.main_part is None:
            return kind.content_type if HEAD_TESTS[kind](head) else "application/octet-stream"
        # Already checked whole when it was stored; a zip signature is enough to say which kind.
        return kind.content_type if head.startswith(b"PK\x03\x04") else "application/octet-stream"
    return "application/octet-stream"


def attachment_response(handle: IO[bytes], name: str) -> FileResponse:
    """Send a stored file as a download that no browser renders or sniffs, whatever it holds."""
    filename = safe_name(name) or "tep"
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=stored_content_type(handle, filename))
    response["X-Content-Type-Options"] = "nosniff"
    # Even if opened in a tab, the document gets no scripts, forms or same-origin rights.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
