"""The plan as .docx, and both documents as PDF (LibreOffice), or a clear 503 without it."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from greenplan.accounts.models import User
from greenplan.documents import pdf
from greenplan.plans.models import PlanItem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
needs_soffice = pytest.mark.skipif(
    pdf.soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed: run scripts/ensure_libreoffice.sh",
)


def text_of(response) -> str:
    assert response.status_code == 200, response.content[:300]
    doc = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in doc.paragraphs)


class TestPlanDocument:
    def test_it_reads_like_the_seed(self, client, bearer, dashboard_reports):
        response = client.get("/api/v1/plans/HP/plan.docx", headers=bearer(dashboard_reports.users.admin))
        assert response["Content-Type"] == DOCX
        assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-HP.docx"'
        doc = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "KẾ HOẠCH HÀNH ĐỘNG\nThực hiện Chiến lược quốc gia về tăng trưởng xanh" in text
        for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
                        "III. TỔ CHỨC THỰC HIỆN"):
            assert f"\n{heading}\n" in text
        codes = list(PlanItem.objects.filter(plan__unit=dashboard_reports.root).values_list("code", flat=True))
        assert len(codes) > 20 and all(f"\n{code}. " in text for code in codes)
        assert "Chỉ tiêu: Tỷ lệ mua sắm xanh trong tổng mua sắm ≥ 35 %." in text
        left = doc.tables[0].rows[0].cells[0].text.splitlines()
        assert left[-1] == "Số: 12/KH-LĐLĐ"
        assert "Hải Phòng, ngày 15 tháng 11 năm 2023" in doc.tables[0].rows[0].cells[1].text
        signature = doc.tables[-1].rows[0].cells
        assert "UBND tỉnh; (B/c)" in signature[0].text
        assert signature[1].paragraphs[0].text == "TM. BAN THƯỜNG VỤ" and "Lương Xuân Trường" in signature[1].text

    def test_a_lower_unit_prints_its_concretised_plan(self, client, bearer, cascade):
        _province, a, _a1 = cascade
        item = PlanItem.objects.filter(plan=a).order_by("order").first()
        PlanItem.objects.filter(pk=item.pk).update(lead="Ban Tuyên giáo phường")
        text = text_of(client.get("/api/v1/plans/HP-A/plan.docx", headers=bearer(_approver(cascade))))
        assert "Chủ trì: Ban Tuyên giáo phường." in text

    def test_the_page_button_downloads_it(self, client, cascade):
        client.force_login(_approver(cascade))
        page = client.get("/plans/HP-A/")
        assert b'href="/documents/plans/HP-A/plan.docx"' in page.content
        assert b'href="/documents/plans/HP-A/plan.pdf"' in page.content
        assert "KẾ HOẠCH HÀNH ĐỘNG" in text_of(client.get("/documents/plans/HP-A/plan.docx"))


def _approver(cascade):
    return User.objects.get(username="approver_a")


class TestPdf:
    @needs_soffice
    def test_both_documents_convert_and_keep_their_heading(self, client, bearer, dashboard_reports, tmp_path):
        headers = bearer(dashboard_reports.users.admin)
        for url, heading in (("/api/v1/aggregates/HP/2026H1/report.pdf", "BÁO CÁO"),
                             ("/api/v1/plans/HP/plan.pdf", "KẾ HOẠCH HÀNH ĐỘNG")):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.content[:300]
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
            path = tmp_path / "document.pdf"
            path.write_bytes(response.content)
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout
            assert heading in text
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text

    def test_without_libreoffice_the_pdf_is_503_and_the_docx_still_works(self, client, bearer, dashboard_reports,
                                                                        monkeypatch):
        monkeypatch.setattr(pdf, "soffice_path", lambda: None)
        headers = bearer(dashboard_reports.users.admin)
        for url in ("/api/v1/aggregates/HP/2026H1/report.pdf", "/api/v1/reports/HP-A-01/2026H1/report.pdf",
                    "/api/v1/plans/HP/plan.pdf"):
            response = client.get(url, headers=headers)
            assert response.status_code == 503
            assert response["Content-Type"].startswith("application/json")
            assert "LibreOffice" in response.json()["detail"] and "chưa tạo được bản PDF" in response.json()["detail"]
        english = client.get("/api/v1/plans/HP/plan.pdf", headers={**headers, "Accept-Language": "en"})
        assert english.status_code == 503 and "PDF" in english.json()["detail"]
        assert "chưa" not in english.json()["detail"]
        assert client.get("/api/v1/aggregates/HP/2026H1/report.docx", headers=headers).status_code == 200

    def test_without_libreoffice_the_page_says_why(self, client, dashboard_reports, monkeypatch):
        monkeypatch.setattr(pdf, "soffice_path", lambda: None)
        client.force_login(dashboard_reports.users.admin)
        response = client.get("/documents/aggregates/HP/2026H1/report.pdf")
        assert response.status_code == 503
        assert "libreoffice-writer-nogui" in response.content.decode()

    def test_a_converter_that_fails_is_503_too(self, client, bearer, dashboard_reports, monkeypatch):
        monkeypatch.setattr(pdf, "soffice_path", lambda: "/bin/false")
        response = client.get("/api/v1/plans/HP/plan.pdf", headers=bearer(dashboard_reports.users.admin))
        assert response.status_code == 503
        assert "thử lại" in response.json()["detail"]


def test_the_openapi_document_describes_the_files(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, media in (("/api/v1/reports/{unit}/{period}/report.docx", DOCX),
                        ("/api/v1/aggregates/{unit}/{period}/report.docx", DOCX),
                        ("/api/v1/plans/{unit}/plan.docx", DOCX),
                        ("/api/v1/reports/{unit}/{period}/report.pdf", "application/pdf"),
                        ("/api/v1/aggregates/{unit}/{period}/report.pdf", "application/pdf"),
                        ("/api/v1/plans/{unit}/plan.pdf", "application/pdf")):
        responses = paths[path]["get"]["responses"]
        assert responses["200"]["content"] == {media: {"schema": {"type": "string", "format": "binary"}}}
        assert {"401", "403", "404"} <= set(responses)
        assert ("503" in responses) == path.endswith(".pdf")
