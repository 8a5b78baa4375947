"""Report attachments are checked by their bytes and served back as sandboxed downloads."""

import pytest
from django.core.files.base import ContentFile

from greenplan.lib.files import DOCX
from greenplan.reporting.errors import InvalidValues
from greenplan.reporting.models import Report, ReportAttachment
from greenplan.reporting.services import report_attach
from greenplan.testing.files import (
    HTML,
    HTML_POLYGLOT,
    SVG,
    assert_served_as_attachment,
    docx_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    zip_bomb_bytes,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def attach(tree, period, name, content):
    return report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=upload(name, content))


@pytest.mark.parametrize("name, content", [
    ("bien-ban.pdf", png_bytes()),
    ("bien-ban.pdf", HTML),
    ("bien-ban.pdf", HTML_POLYGLOT),
    ("anh.png", SVG),
    ("bao-cao.docx", zip_bomb_bytes()),
], ids=["png-named-pdf", "html-named-pdf", "pdf-html-polyglot", "svg-named-png", "docx-zip-bomb"])
def test_it_refuses_content_that_is_not_what_its_name_says(tree, period, media, name, content):
    with pytest.raises(InvalidValues) as refused:
        attach(tree, period, name, content)
    assert name in refused.value.errors["file"]
    assert not ReportAttachment.objects.exists() and not Report.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_page_shows_the_refusal_naming_the_file(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    client.post("/reports/HP-A-01/2026H1/files/", {"file": upload("anh.pdf", png_bytes())})
    assert "Tệp anh.pdf không đúng là tệp PDF" in client.get("/reports/HP-A-01/2026H1/").content.decode()


@pytest.mark.parametrize("name, content, content_type", [
    ("Biên bản họp.pdf", pdf_bytes(), "application/pdf"),
    ("anh.png", png_bytes(), "image/png"),
    ("bao-cao.docx", docx_bytes(), DOCX.content_type),
], ids=["pdf", "png", "docx"])
def test_it_serves_an_attachment_as_a_sandboxed_download(client, tree, period, name, content, content_type):
    attachment = attach(tree, period, name, content)
    client.force_login(tree.users.approver_a)
    response = client.get(f"/reports/HP-A-01/2026H1/files/{attachment.pk}/")
    assert_served_as_attachment(response, name, content_type)
    assert b"".join(response.streaming_content) == content


def test_a_file_stored_before_the_checks_is_served_as_opaque_bytes(client, tree, period):
    attachment = attach(tree, period, "a.pdf", pdf_bytes())
    attachment.file.save("a.pdf", ContentFile(HTML), save=True)
    client.force_login(tree.users.reporter_a1)
    response = client.get(f"/reports/HP-A-01/2026H1/files/{attachment.pk}/")
    assert_served_as_attachment(response, "a.pdf", "application/octet-stream")
