"""The entry page's in-place attachments (upload, delete) and the on-behalf banner."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.reporting.models import Report, ReportAttachment, ReportEvent
from greenplan.reporting.services import report_attach, report_save, report_submit
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.django_db

URL = "/reports/HP-A-01/2026H1/"
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(tree, period, name="sai-tep.pdf"):
    return report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period,
                         file=SimpleUploadedFile(name, PDF))


def test_an_upload_in_place_answers_the_new_list_and_the_timeline(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = client.post(f"{URL}files/", {"file": SimpleUploadedFile("Biên bản.pdf", PDF)}, **HTMX)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="attachment-list"' in html and "Biên bản.pdf" in html
    assert 'id="upload-feedback" role="status" aria-live="polite" data-testid="upload-feedback" hx-swap-oob="true">' \
           in html and "Đã đính kèm tệp Biên bản.pdf." in html
    assert 'id="timeline"' in html and "Đính kèm tệp" in html


def test_a_refused_upload_says_why_beside_the_upload_box(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = client.post(f"{URL}files/", {"file": SimpleUploadedFile("virus.exe", b"MZ")}, **HTMX)
    assert r.status_code == 422
    html = r.content.decode()
    feedback = html.split('data-testid="upload-feedback"')[1]
    assert 'data-testid="upload-error">Tệp virus.exe: chỉ nhận PDF' in feedback
    assert "Chưa có tệp nào." in html
    r = client.post(f"{URL}files/", {}, **HTMX)
    assert r.status_code == 422 and "Hãy chọn tệp để tải lên." in r.content.decode()


def test_the_unit_deletes_a_wrong_file_in_place(client, tree, period):
    attachment = attach(tree, period)
    client.force_login(tree.users.reporter_a1)
    html = client.get(URL).content.decode()
    assert f'action="{URL}files/{attachment.pk}/delete/"' in html and "hx-confirm=\"Xóa tệp «sai-tep.pdf»" in html
    r = client.post(f"{URL}files/{attachment.pk}/delete/", **HTMX)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Chưa có tệp nào." in html and "Đã xóa tệp sai-tep.pdf." in html
    assert "Xóa tệp đính kèm" in html  # on the timeline
    assert not ReportAttachment.objects.exists()


def test_a_delete_without_javascript_comes_back_to_the_page(client, tree, period):
    attachment = attach(tree, period)
    client.force_login(tree.users.reporter_a1)
    r = client.post(f"{URL}files/{attachment.pk}/delete/")
    assert r.status_code == 302 and r["Location"].endswith("#attachments")
    assert "Đã xóa tệp sai-tep.pdf." in client.get(URL).content.decode()


def test_a_file_of_a_submitted_report_cannot_be_deleted_nor_offered_for_it(client, tree, period):
    report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                         values=full_values()).report
    attachment = attach(tree, period)
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    client.force_login(tree.users.reporter_a1)
    assert "/delete/" not in client.get(URL).content.decode()
    r = client.post(f"{URL}files/{attachment.pk}/delete/", **HTMX)
    assert r.status_code == 409 and "không thể xóa tệp" in r.content.decode()
    assert ReportAttachment.objects.count() == 1


@pytest.mark.parametrize("who, status", [("viewer_b", 403), ("reporter_a2", 403), ("outsider", 403)])
def test_others_cannot_delete_a_units_file(client, tree, period, who, status):
    attachment = attach(tree, period)
    client.force_login(getattr(tree.users, who))
    assert client.post(f"{URL}files/{attachment.pk}/delete/", **HTMX).status_code == status
    assert ReportAttachment.objects.count() == 1


def test_a_viewer_above_the_unit_is_refused_by_the_service(client, tree, period):
    attachment = attach(tree, period)
    from greenplan.accounts.models import Membership, Role

    Membership.objects.create(user=tree.users.viewer_b, unit=tree.root, role=Role.VIEWER)
    client.force_login(tree.users.viewer_b)
    r = client.post(f"{URL}files/{attachment.pk}/delete/", **HTMX)
    assert r.status_code == 403
    assert ReportAttachment.objects.count() == 1 and not ReportEvent.objects.filter(kind="detached").exists()


def test_an_approver_editing_a_subordinates_report_sees_the_on_behalf_banner(client, tree, period):
    client.force_login(tree.users.approver_a)
    html = client.get(URL).content.decode()
    assert 'data-testid="on-behalf"' in html
    assert "Bạn đang nhập thay cho Công đoàn Công ty TNHH Thép Xanh" in html
    assert "Công đoàn phường Hồng Bàng" in html


def test_the_units_own_reporter_sees_no_banner_nor_does_anyone_on_a_locked_report(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    assert 'data-testid="on-behalf"' not in client.get(URL).content.decode()
    report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                         values=full_values()).report
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    client.force_login(tree.users.approver_a)
    assert 'data-testid="on-behalf"' not in client.get(URL).content.decode()
    assert Report.objects.get().status == "submitted"
