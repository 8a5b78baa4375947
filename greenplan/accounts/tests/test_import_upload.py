"""The upload page only stores the file (after checks on its size and bytes) and queues the job;
reading the sheet happens in the worker, bounded."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenplan.accounts import importers
from greenplan.accounts.importers import COLUMNS, users_import_check
from greenplan.jobs.models import Job, JobStatus
from greenplan.testing.factories import GOOD_ACCOUNTS, accounts_xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def raw_xlsx(rows_xml: str) -> bytes:
    """A minimal workbook written by hand: the sheet XML as given, without a <dimension>."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   f'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   f'xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override '
                   f'PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                   f'Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Tài khoản" '
                   f'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
                   f'Id="rId1" Type="{doc}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>{rows_xml}'
                   f"</sheetData></worksheet>")
    return out.getvalue()


def cells(number: int, values: list[str]) -> str:
    inner = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values) if v)
    return f'<row r="{number}">{inner}</row>'


HEADER_ROW = cells(1, list(COLUMNS.values()))


def test_the_upload_request_does_not_read_the_sheet(client, tree, admin_a, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}

    def no_parsing(*args, **kwargs):
        raise AssertionError("the sheet was read inside the web request")

    monkeypatch.setattr(importers, "load_workbook", no_parsing)
    client.force_login(admin_a)
    response = client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert job.input.name.startswith("jobs/")


@pytest.mark.parametrize(
    "name, content, text",
    [
        ("a.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "nội dung không khớp với đuôi .xlsx"),
        ("a.xlsx", b"<html><body>hi</body></html>", "nội dung không khớp với đuôi .xlsx"),
        ("a.pdf", b"%PDF-1.4", "Chỉ nhận tệp Excel .xlsx"),
    ],
)
def test_the_upload_page_refuses_at_once_a_file_that_is_not_an_xlsx_by_its_bytes(
    client, tree, admin_a, media, name, content, text
):
    client.force_login(admin_a)
    response = client.post(reverse("manage:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Job.objects.exists()
    assert not (media / "jobs").exists()


def test_the_upload_page_refuses_a_zip_without_a_workbook(client, tree, admin_a):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    client.force_login(admin_a)
    response = client.post(reverse("manage:import"), {"file": SimpleUploadedFile("a.xlsx", out.getvalue())})
    assert "nội dung không khớp với đuôi .xlsx" in response.content.decode()
    assert not Job.objects.exists()


def test_the_upload_page_refuses_a_file_over_5_mb(client, tree, admin_a, monkeypatch):
    monkeypatch.setattr(importers, "MAX_UPLOAD_BYTES", 1000)
    client.force_login(admin_a)
    response = client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS * 20)})
    assert "Tệp quá lớn" in response.content.decode()
    assert not Job.objects.exists()


def test_a_sheet_of_400000_rows_is_refused_quickly_and_whole(tree, admin_a):
    data = raw_xlsx(HEADER_ROW + "".join(cells(n, [f"u{n}"]) for n in range(2, 400_002)))
    assert len(data) < importers.MAX_UPLOAD_BYTES  # it passes the upload checks
    started = time.monotonic()
    check = users_import_check(actor=admin_a, file=io.BytesIO(data), name="lon.xlsx")
    elapsed = time.monotonic() - started
    assert [(e.row, e.column) for e in check.errors] == [(None, "")]
    assert "quá 20.000 dòng" in check.errors[0].message
    assert elapsed < 3, elapsed  # it stops counting at the bound instead of reading the whole sheet


def test_blank_rows_count_toward_the_bound(tree, admin_a):
    data = raw_xlsx(HEADER_ROW + cells(2, GOOD_ACCOUNTS[0]) + cells(30_000, GOOD_ACCOUNTS[1]))
    check = users_import_check(actor=admin_a, file=io.BytesIO(data), name="thua.xlsx")
    assert "quá 20.000 dòng" in check.errors[0].message


def test_a_sheet_written_without_dimensions_is_read(tree, admin_a):
    data = raw_xlsx(HEADER_ROW + "".join(cells(n, row) for n, row in enumerate(GOOD_ACCOUNTS, start=2)))
    check = users_import_check(actor=admin_a, file=io.BytesIO(data), name="tay.xlsx")
    assert check.ok, check.errors
    assert [row["username"] for row in check.ready] == ["tran.a", "tran.b", "tran.c", "tran.d"]
