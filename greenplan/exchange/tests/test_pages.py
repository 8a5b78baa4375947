"""The pages of the Excel round-trip: the buttons on the report page, the downloads, the upload."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenplan.exchange.template import report_template
from greenplan.reporting.models import Report
from greenplan.reporting.services import stored_values


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def filled(unit, period, members: int) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(report_template(unit, period)))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):  # the header is row 1
        if row[0].value == "MEMBERS":
            row[3].value = members
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = f"{unit.code}.xlsx"
    return out


def test_the_report_page_offers_the_buttons_each_role_may_use(tree, period):
    page = signed_in(tree.users.reporter_a1).get("/reports/HP-A-01/2026H1/").content.decode()
    assert "Tải mẫu Excel" in page and "Nhập từ Excel" in page
    assert "/exchange/HP-A-01/2026H1/template.xlsx" in page and "templates.zip" not in page
    superior = signed_in(tree.users.approver_a).get("/reports/HP-A/2026H1/").content.decode()
    assert "/exchange/HP-A/2026H1/templates.zip" in superior
    viewer = signed_in(tree.users.viewer_b).get("/reports/HP-B-01/2026H1/").content.decode()
    assert "Tải mẫu Excel" not in viewer and "templates.zip" not in viewer


def test_the_page_downloads_are_the_api_files(tree, period):
    response = signed_in(tree.users.reporter_a1).get(reverse("exchange:template", args=["HP-A-01", "2026H1"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-bao-cao-HP-A-01-2026H1.xlsx"'
    assert load_workbook(io.BytesIO(response.content))["Thông tin"]["B2"].value == "HP-A-01"
    response = signed_in(tree.users.approver_a).get(reverse("exchange:templates_zip", args=["HP-A", "2026H1"]))
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 2
    assert signed_in(tree.users.reporter_a2).get(
        reverse("exchange:template", args=["HP-A-01", "2026H1"])).status_code == 403


def test_an_upload_on_the_page_runs_as_a_job_and_shows_its_summary(tree, period, media):
    client = signed_in(tree.users.approver_a)
    page = client.get(reverse("exchange:import"), {"unit": "HP-A", "period": "2026H1"})
    assert "Công đoàn phường Hồng Bàng (HP-A)" in page.content.decode()
    response = client.post(reverse("exchange:import"), {
        "unit": "HP-A", "period": "2026H1", "submit": "",
        "files": [filled(tree.a1, period, 77), filled(tree.a2, period, 88)],
    })
    assert response.status_code == 302
    job_page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 2 tệp, từ chối 0 tệp." in job_page
    assert stored_values(Report.objects.get(unit=tree.a2, period=period))["MEMBERS"] == 88
    # another user does not see the job
    assert signed_in(tree.users.reporter_a1).get(response["Location"]).status_code == 404


def test_a_page_upload_restricted_to_a_unit_refuses_another_units_template(tree, period, media):
    client = signed_in(tree.users.approver_a)
    response = client.post(reverse("exchange:import"), {
        "unit": "HP-A-01", "period": "2026H1", "files": [filled(tree.a2, period, 5)],
    }, follow=True)
    page = response.content.decode()
    assert "Không thành công" in page and "không phải của HP-A-01" in page
    assert not Report.objects.filter(period=period).exists()


def test_a_page_upload_without_a_file_says_so(tree, period, media):
    response = signed_in(tree.users.reporter_a1).post(reverse("exchange:import"), {"submit": "1"})
    assert response.status_code == 422
    assert "Chưa chọn tệp nào để nhập." in response.content.decode()


def test_the_upload_needs_the_csrf_token(tree, period, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.users.reporter_a1)
    response = client.post(reverse("exchange:import"), {"files": [filled(tree.a1, period, 1)]})
    assert response.status_code == 403
    assert not Report.objects.filter(period=period).exists()


def test_a_running_import_counts_files_on_its_page(tree, period, media):
    from greenplan.jobs.models import Job, JobKind, JobStatus

    job = Job.objects.create(owner=tree.users.reporter_a1, kind=JobKind.REPORTS_IMPORT, status=JobStatus.RUNNING,
                             progress=40, processed=4, total=10, stage="Đang kiểm tra tệp")
    page = signed_in(tree.users.reporter_a1).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Đang kiểm tra tệp: Đã xử lý 4/10 tệp." in page
    assert 'aria-valuenow="40"' in page
