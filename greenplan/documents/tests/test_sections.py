"""The officer edits the drafted sections of the compiled report on the report page; the
download then uses the edited text. Refusals save nothing."""

import io

from docx import Document

from greenplan.audit.models import LogEntry
from greenplan.documents.models import ReportDraft

SECTIONS = "/documents/aggregates/HP-A/2026H1/sections/"


def compiled_text(client) -> str:
    response = client.get("/documents/aggregates/HP-A/2026H1/report.docx")
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


class TestReportPage:
    def test_a_superior_sees_the_buttons_and_the_drafted_sections(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.approver_a)
        page = client.get("/reports/HP-A/2026H1/").content.decode()
        assert 'href="/documents/reports/HP-A/2026H1/report.docx"' in page
        assert 'href="/documents/aggregates/HP-A/2026H1/report.pdf"' in page
        assert 'data-testid="sections-form"' in page
        assert "số buổi tuyên truyền, phổ biến về tăng trưởng xanh, lối sống xanh là 6 buổi" in page

    def test_a_grassroots_union_gets_its_own_report_only(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.reporter_a1)
        page = client.get("/reports/HP-A-01/2026H1/").content.decode()
        assert 'href="/documents/reports/HP-A-01/2026H1/report.docx"' in page
        assert "/documents/aggregates/" not in page

    def test_a_viewer_downloads_but_cannot_edit(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.viewer_b)
        page = client.get("/reports/HP-B/2026H1/").content.decode()
        assert 'href="/documents/aggregates/HP-B/2026H1/report.docx"' in page
        assert 'data-testid="sections-form"' not in page
        assert client.post("/documents/aggregates/HP-B/2026H1/sections/", {"group_3": "x"}).status_code == 403
        assert not ReportDraft.objects.exists()


class TestEditing:
    def test_the_edit_goes_into_the_document_and_the_audit_log(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.approver_a)
        response = client.post(SECTIONS, {"group_3": "Phường tổ chức 6 buổi tuyên truyền về lối sống xanh.",
                                          "proposals": "Đề nghị LĐLĐ thành phố hỗ trợ cây giống."})
        assert response.status_code == 302 and response["Location"] == "/reports/HP-A/2026H1/#documents"
        text = compiled_text(client)
        assert "II. KẾT QUẢ" in text and "Phường tổ chức 6 buổi tuyên truyền về lối sống xanh." in text
        assert "IV. KIẾN NGHỊ, ĐỀ XUẤT\nĐề nghị LĐLĐ thành phố hỗ trợ cây giống." in text
        entry = LogEntry.objects.get(action="report.draft_edited")
        assert entry.actor == dashboard_reports.users.approver_a and entry.unit_path == dashboard_reports.a.path
        assert {c["field"] for c in entry.data["changes"]} == {"group_3", "proposals"}

    def test_text_left_as_drafted_is_not_stored_and_reset_drafts_again(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.approver_a)
        page = client.get(SECTIONS).content.decode()
        assert "lối sống xanh là 6 buổi" in page
        client.post(SECTIONS, {"group_3": "Đã sửa."})
        assert ReportDraft.objects.get().sections == {"group_3": "Đã sửa."}
        client.post(SECTIONS, {"action": "reset"})
        assert ReportDraft.objects.get().sections == {}
        assert "lối sống xanh là 6 buổi" in compiled_text(client)

    def test_invalid_text_is_refused_and_nothing_saved(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.approver_a)
        response = client.post(SECTIONS, {"group_3": "Hợp lệ.", "group_4": "ký tự lạ \x07"})
        assert response.status_code == 422
        assert "Nội dung chứa ký tự điều khiển không được phép" in response.content.decode()
        assert not ReportDraft.objects.exists()
        too_long = client.post(SECTIONS, {"group_3": "a" * 20_001})
        assert too_long.status_code == 422 and "quá dài" in too_long.content.decode()
        assert not ReportDraft.objects.exists()

    def test_a_grassroots_reporter_cannot_edit_the_superiors_report(self, client, dashboard_reports):
        client.force_login(dashboard_reports.users.reporter_a1)
        assert client.post(SECTIONS, {"group_3": "x"}).status_code == 403
        assert client.post("/documents/aggregates/HP-A/2026/sections/", {"group_3": "x"}).status_code == 404
        assert not ReportDraft.objects.exists()
