"""The six-monthly report as .docx: the decree's layout, and figures equal to what the data says
(recomputed here from the raw report values, not read from the stored totals)."""

import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.shared import Mm

from greenplan.documents.models import ReportDraft
from greenplan.documents.report import build, compiled_report_data
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.reporting.models import Indicator, Period, Report, ReportValue
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.factories import values_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vn(value: Decimal | None) -> str:
    """Vietnamese printing, written independently of the product: 1.234.567,5."""
    if value is None:
        return "—"
    text = f"{value.normalize():f}"
    whole, _dot, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def subtree_values(root_path: str, period_code: str) -> dict[str, Decimal | None]:
    """Each indicator over the subtree by its rule, from the sent reports' raw values."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    rows = ReportValue.objects.filter(report__unit__path__startswith=root_path, report__period__code=period_code,
                                      report__status__in=["submitted", "approved"])
    for code, value in rows.values_list("indicator__code", "value"):
        sums[code] += value
        counts[code] += 1
    result: dict[str, Decimal | None] = {}
    for ind in Indicator.objects.select_related("numerator", "denominator"):
        if ind.aggregation == "ratio":
            num, den = sums.get(ind.numerator.code), sums.get(ind.denominator.code)
            result[ind.code] = ((num * 100 / den).quantize(Decimal("0.01"), ROUND_HALF_UP)
                                if num is not None and den else None)
        elif ind.aggregation == "mean":
            result[ind.code] = ((sums[ind.code] / counts[ind.code]).quantize(Decimal("0.01"), ROUND_HALF_UP)
                                if counts[ind.code] else None)
        else:
            result[ind.code] = sums[ind.code] if counts[ind.code] else None
    return result


def open_docx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX
    return Document(io.BytesIO(response.content))


def text_of(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def annex_rows(doc, first_header: str = "Chỉ tiêu") -> dict[str, list[str]]:
    """The annex table whose second column is headed `first_header`, by that column."""
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if len(header) > 1 and header[1] == first_header:
            return {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    raise AssertionError(f"no table headed {first_header}")


@pytest.fixture
def voices(dashboard_reports, period):
    """HP-A's two grassroots unions wrote difficulties and proposals (a2 resubmitted with them)."""
    tree = dashboard_reports
    report = Report.objects.get(unit=tree.a2, period=period)
    Report.objects.filter(pk=report.pk).update(difficulties="Thiếu kinh phí trồng cây.",
                                               proposals="Đề nghị hỗ trợ cây giống.")
    return tree


class TestCompiledReport:
    def test_it_is_laid_out_as_the_decree_says(self, client, bearer, dashboard_reports):
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx",
                                   headers=bearer(dashboard_reports.users.admin)))
        section = doc.sections[0]
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
        assert doc.styles["Normal"].font.name == "Times New Roman"
        paragraphs = list(doc.paragraphs)
        paragraphs += [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
        fonts = {r.font.name or p.style.font.name for p in paragraphs for r in p.runs if r.text}
        assert fonts == {"Times New Roman"}
        cells = [p for t in doc.tables[2:] for row in t.rows for c in row.cells for p in c.paragraphs]
        assert cells and {p.style.font.size.pt for p in cells} == {12}
        assert all(13 <= r.font.size.pt <= 14 for p in doc.paragraphs if p.paragraph_format.first_line_indent
                   for r in p.runs)
        left, right = (c.text.splitlines() for c in doc.tables[0].rows[0].cells)
        assert left[0] == "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
        assert left[1] == "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HẢI PHÒNG"
        assert left[-1].startswith("Số:") and left[-1].endswith("/BC-LĐLĐ")
        assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        assert right[1] == "Độc lập - Tự do - Hạnh phúc"
        motto = doc.tables[0].rows[0].cells[1].paragraphs[1].runs[0]
        assert motto.bold and motto.underline
        assert right[-1].startswith("Hải Phòng, ngày ")
        assert doc.tables[0].rows[0].cells[1].paragraphs[-1].runs[0].italic
        text = text_of(doc)
        assert "BÁO CÁO\nTổng hợp kết quả thực hiện Kế hoạch hành động tăng trưởng xanh\n6 tháng đầu năm 2026" in text
        signature = doc.tables[-4].rows[0].cells  # Nơi nhận and signature come before the annexes
        assert signature[0].paragraphs[0].text == "Nơi nhận:"
        assert signature[0].paragraphs[0].runs[0].bold and signature[0].paragraphs[0].runs[0].italic
        assert signature[1].paragraphs[0].text == "TM. BAN THƯỜNG VỤ"
        assert "Lương Xuân Trường" in signature[1].text  # the signer of the issued province plan

    def test_every_figure_equals_the_subtree_total(self, client, bearer, dashboard_reports):
        Period.objects.update(is_open=False)  # the previous period is compared once both are closed
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx",
                                   headers=bearer(dashboard_reports.users.admin)))
        expected = subtree_values(dashboard_reports.root.path, "2026H1")
        previous = subtree_values(dashboard_reports.root.path, "2025H2")
        rows = annex_rows(doc)
        names = dict(Indicator.objects.values_list("name", "code"))
        assert len(rows) == Indicator.objects.filter(retired_at__isnull=True).count()
        for name, cells in rows.items():
            code = names[name]
            assert cells[3] == vn(expected[code]), code
            assert cells[4] == vn(previous[code]), code
        assert expected["MEMBERS"] == 240 and rows["Tổng số đoàn viên"][3] == "240"

    def test_it_drafts_progress_to_the_target_and_the_change(self, client, bearer, dashboard_reports):
        Period.objects.update(is_open=False)
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx",
                                   headers=bearer(dashboard_reports.users.admin)))
        now = subtree_values(dashboard_reports.root.path, "2026H1")
        rate = now["G7_GREEN_PROCUREMENT_RATE"]
        assert rate is not None and rate < 35
        text = text_of(doc)
        assert f"tỷ lệ mua sắm xanh trong tổng mua sắm đạt {vn(rate)} %, chưa đạt mục tiêu 35 %" in text.lower()
        before = subtree_values(dashboard_reports.root.path, "2025H2")
        diff = now["G3_SESSIONS"] - before["G3_SESSIONS"]
        assert f"là {vn(now['G3_SESSIONS'])} buổi, tăng {vn(diff)} buổi" in text

    def test_a_target_exceeded_is_said_so(self, client, bearer, dashboard_reports, period):
        tree = dashboard_reports
        doc = open_docx(client.get("/api/v1/aggregates/HP-A-01/2026H1/report.docx",
                                   headers=bearer(tree.users.admin)))
        assert "tỷ lệ mua sắm xanh trong tổng mua sắm đạt 40 %, vượt mục tiêu 35 %" in text_of(doc).lower()

    def test_annexes_show_each_subordinate(self, client, bearer, dashboard_reports):
        tree = dashboard_reports
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx", headers=bearer(tree.users.admin)))
        completeness = annex_rows(doc, "Đơn vị")
        assert list(completeness) == ["Công đoàn phường Hồng Bàng", "Công đoàn ngành Giáo dục"]
        assert completeness["Công đoàn phường Hồng Bàng"][3] == "2"  # a1 and a2 sent
        assert completeness["Công đoàn phường Hồng Bàng"][4] == "1"  # a1 approved
        keys = [t for t in doc.tables if [c.text for c in t.rows[0].cells][1] == "Đơn vị"][1]
        header = [c.text for c in keys.rows[0].cells]
        column = next(i for i, h in enumerate(header) if h.startswith("Tổng số đoàn viên"))
        by_unit = {row.cells[1].text: row.cells[column].text for row in keys.rows[1:]}
        a = subtree_values(tree.a.path, "2026H1")["MEMBERS"]
        b = subtree_values(tree.b.path, "2026H1")["MEMBERS"]
        assert by_unit == {"Công đoàn phường Hồng Bàng": vn(a), "Công đoàn ngành Giáo dục": vn(b)}
        rate_column = next(i for i, h in enumerate(header) if h.startswith("Tỷ lệ mua sắm xanh"))
        rates = {row.cells[1].text: row.cells[rate_column].text for row in keys.rows[1:]}
        assert rates["Công đoàn phường Hồng Bàng"] == vn(subtree_values(tree.a.path, "2026H1")
                                                         ["G7_GREEN_PROCUREMENT_RATE"])

    def test_difficulties_and_proposals_name_their_unit(self, client, bearer, voices):
        doc = open_docx(client.get("/api/v1/aggregates/HP-A/2026H1/report.docx",
                                   headers=bearer(voices.users.approver_a)))
        text = text_of(doc)
        assert "Công đoàn Trường Tiểu học Lê Lợi: Thiếu kinh phí trồng cây." in text
        assert "Công đoàn Trường Tiểu học Lê Lợi: Đề nghị hỗ trợ cây giống." in text

    def test_next_tasks_come_from_the_plan(self, client, bearer, dashboard_reports):
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx",
                                   headers=bearer(dashboard_reports.users.admin)))
        text = text_of(doc)
        assert "V. NHIỆM VỤ TRỌNG TÂM 6 THÁNG TIẾP THEO" in text
        assert "\n7.3. Hướng dẫn và khuyến khích các sáng kiến tiêu dùng bền vững" in text

    def test_a_year_combines_its_halves(self, client, bearer, dashboard_reports):
        response = client.get("/api/v1/aggregates/HP/2026/report.docx", headers=bearer(dashboard_reports.users.admin))
        doc = open_docx(response)
        assert 'filename="bao-cao-tong-hop-HP-2026.docx"' in response["Content-Disposition"]
        assert "\nNăm 2026\n" in text_of(doc)
        assert annex_rows(doc)["Tổng số đoàn viên"][3] == "240"

    def test_the_officers_edit_replaces_the_drafted_text(self, client, bearer, dashboard_reports):
        tree = dashboard_reports
        ReportDraft.objects.create(unit=tree.root, period="2026H1",
                                   sections={"group_3": "Toàn tỉnh tổ chức 13 buổi tuyên truyền về lối sống xanh."})
        doc = open_docx(client.get("/api/v1/aggregates/HP/2026H1/report.docx", headers=bearer(tree.users.admin)))
        text = text_of(doc)
        assert "Toàn tỉnh tổ chức 13 buổi tuyên truyền về lối sống xanh." in text
        assert "số buổi tuyên truyền, phổ biến về tăng trưởng xanh, lối sống xanh là" not in text


class TestOwnReport:
    def test_its_figures_are_the_units_report(self, client, bearer, dashboard_reports, period):
        tree = dashboard_reports
        response = client.get("/api/v1/reports/HP-A-01/2026H1/report.docx", headers=bearer(tree.users.reporter_a1))
        doc = open_docx(response)
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-HP-A-01-2026H1.docx"'
        rows = annex_rows(doc)
        sent = values_for("a1")
        names = dict(Indicator.objects.values_list("code", "name"))
        for code in ("MEMBERS", "WORKERS", "G3_SESSIONS", "G7_PROCUREMENT_GREEN"):
            assert rows[names[code]][3] == vn(Decimal(sent[code])), code
        assert rows[names["G7_GREEN_PROCUREMENT_RATE"]][3] == "40"
        left = doc.tables[0].rows[0].cells[0].text.splitlines()
        assert left[:2] == ["CÔNG ĐOÀN PHƯỜNG HỒNG BÀNG", "CÔNG ĐOÀN CÔNG TY TNHH THÉP XANH"]
        assert left[-1].endswith("/BC-CĐCS")

    def test_its_own_difficulties_are_printed(self, client, bearer, tree, period):
        report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                             values=values_for("a1"), narrative={"difficulties": "Thiếu cán bộ chuyên trách."}).report
        report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
        doc = open_docx(client.get("/api/v1/reports/HP-A-01/2026H1/report.docx",
                                   headers=bearer(tree.users.reporter_a1)))
        assert "III. KHÓ KHĂN, VƯỚNG MẮC\nThiếu cán bộ chuyên trách." in text_of(doc)

    def test_a_unit_without_a_report_gets_an_empty_one(self, client, bearer, tree, period):
        doc = open_docx(client.get("/api/v1/reports/HP-A-02/2026H1/report.docx",
                                   headers=bearer(tree.users.reporter_a2)))
        assert "Chưa có số liệu báo cáo cho nhóm nhiệm vụ này." in text_of(doc)


class TestRefusals:
    @pytest.mark.parametrize("url", ["/api/v1/reports/HP-A-01/2026H1/report.docx",
                                     "/api/v1/aggregates/HP-A-01/2026H1/report.pdf",
                                     "/api/v1/aggregates/HP-A/2026/report.docx"])
    def test_outside_the_scope_is_403(self, client, bearer, tree, period, url):
        response = client.get(url, headers=bearer(tree.users.reporter_a2 if "A-01" in url else tree.users.viewer_b))
        assert response.status_code == 403
        assert "nằm ngoài phạm vi" in response.json()["detail"]

    @pytest.mark.parametrize("url", ["/api/v1/reports/NOPE/2026H1/report.docx",
                                     "/api/v1/reports/HP-A-01/2030H1/report.docx",
                                     "/api/v1/aggregates/HP/2030/report.docx",
                                     "/api/v1/plans/HP-B/plan.docx"])
    def test_unknown_unit_period_or_plan_is_404(self, client, bearer, tree, period, url):
        response = client.get(url, headers=bearer(tree.users.admin))
        assert response.status_code == 404
        assert response.json()["detail"]

    def test_anonymous_is_401(self, client, tree, period):
        assert client.get("/api/v1/aggregates/HP/2026H1/report.docx").status_code == 401

    def test_the_page_download_refuses_a_sibling(self, client, tree, period):
        client.force_login(tree.users.reporter_a2)
        assert client.get("/documents/reports/HP-A-01/2026H1/report.docx").status_code == 403
        assert client.get("/documents/aggregates/HP-A-01/2026H1/report.pdf").status_code == 403


def test_the_compiled_report_reads_a_fixed_number_of_queries(dashboard_reports):
    tree = dashboard_reports

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            build(compiled_report_data(tree.root, "2026H1"))
        return len(ctx.captured_queries)

    before = count()
    kind = UnitKind.objects.get(code="commune")
    for n in range(5):
        unit_create(parent=tree.root, code=f"HP-X{n}", name=f"Công đoàn xã {n}", kind=kind,
                    valid_from=tree.a.valid_from)
    tree.root.refresh_from_db()
    assert count() == before
