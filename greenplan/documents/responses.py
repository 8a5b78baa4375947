"""Documents as downloads: the same answers for the pages and the API."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from greenplan.documents.pdf import ConversionFailed, ConverterMissing, docx_to_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
FORMATS = {"docx": DOCX, "pdf": PDF}


class PdfUnavailable(Exception):
    """The PDF cannot be made here; `message` says why in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def as_pdf(docx: bytes) -> bytes:
    try:
        return docx_to_pdf(docx)
    except ConverterMissing:
        raise PdfUnavailable(_(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản .docx hoặc báo quản trị "
            "hệ thống cài gói libreoffice-writer-nogui."
        )) from None
    except ConversionFailed:
        raise PdfUnavailable(_("Không chuyển được văn bản sang PDF lúc này; hãy thử lại sau hoặc tải bản .docx.")) \
            from None


def download(content: bytes, filename: str, extension: str) -> HttpResponse:
    """`content` (.docx bytes) as a download of the given format; PdfUnavailable for a PDF that
    cannot be made."""
    if extension == "pdf":
        content = as_pdf(content)
    response = HttpResponse(content, content_type=FORMATS[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
