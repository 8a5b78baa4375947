"""Evidence files are checked by their bytes and served back as sandboxed downloads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from greenplan.activities.models import Activity, Evidence
from greenplan.activities.services import activity_record
from greenplan.testing.factories import activity_data
from greenplan.testing.files import (
    HTML,
    HTML_POLYGLOT,
    SVG,
    assert_served_as_attachment,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
    zip_bomb_bytes,
)

pytestmark = pytest.mark.django_db


def record(tree, *files):
    return activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(files=list(files)))


@pytest.mark.parametrize("name, content", [
    ("bien-ban.pdf", png_bytes()),
    ("bien-ban.pdf", HTML),
    ("bien-ban.pdf", HTML_POLYGLOT),
    ("anh.png", SVG),
    ("anh.jpg", png_bytes()),
    ("bao-cao.docx", zip_bomb_bytes()),
    ("danh-sach.xlsx", zip_bomb_bytes("xl/workbook.xml")),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),  # legacy Office formats cannot be checked: refused
], ids=["png-named-pdf", "html-named-pdf", "pdf-html-polyglot", "svg-named-png", "png-named-jpg",
        "docx-zip-bomb", "xlsx-zip-bomb", "legacy-doc"])
def test_it_refuses_content_that_is_not_what_its_name_says(tree, media, name, content):
    with pytest.raises(ValidationError) as refused:
        record(tree, upload("ok.pdf", pdf_bytes()), upload(name, content))
    assert name in " ".join(refused.value.message_dict["files"])
    assert not Activity.objects.exists() and not Evidence.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize("name, content, content_type", [
    ("Biên bản.pdf", pdf_bytes(), "application/pdf"),
    ("anh.jpg", jpeg_bytes(), "image/jpeg"),
    ("danh-sach.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
], ids=["pdf", "jpeg", "xlsx"])
def test_it_serves_evidence_as_a_sandboxed_download(client, tree, name, content, content_type):
    activity = record(tree, upload(name, content))
    evidence = activity.evidence.get()
    client.force_login(tree.users.approver_a)
    response = client.get(f"/activities/HP-A-01/{activity.pk}/files/{evidence.pk}/")
    assert_served_as_attachment(response, name, content_type)
    assert b"".join(response.streaming_content) == content


def test_evidence_stored_before_the_checks_is_served_as_opaque_bytes(client, tree):
    activity = record(tree, upload("a.png", png_bytes()))
    evidence = activity.evidence.get()
    evidence.file.save("a.png", ContentFile(SVG), save=True)
    client.force_login(tree.users.reporter_a1)
    response = client.get(f"/activities/HP-A-01/{activity.pk}/files/{evidence.pk}/")
    assert_served_as_attachment(response, "a.png", "application/octet-stream")
