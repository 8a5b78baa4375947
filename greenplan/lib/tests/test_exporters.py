"""The shared exporter: numbers stay numbers, Vietnamese survives Excel, no cell becomes a formula."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from greenplan.lib.exporters import Exporter, download, export_links
from greenplan.testing.downloads import read_csv, read_xlsx


class Table(Exporter):
    identifier = "table"
    verbose_name = "Bảng: tổng hợp/2026"  # characters Excel forbids in a sheet name

    def __init__(self, headers, rows):
        self.headers, self.data = headers, rows

    def columns(self):
        return self.headers

    def rows(self):
        yield from self.data


def test_numbers_stay_numbers_and_dates_read_dd_mm_yyyy():
    rows = [["Hải Phòng", 12345, Decimal("26.1900"), None, datetime.date(2026, 7, 5)]]
    headers = ["Đơn vị", "Số", "Tỷ lệ", "Trống", "Ngày"]
    expected = ["Hải Phòng", "12345", "26.19", "", "05/07/2026"]
    assert read_csv(Table(headers, rows).response("csv")) == [headers, expected]
    ws = load_workbook(io.BytesIO(Table(headers, rows).response("xlsx").content)).active
    assert [c.value for c in ws[2]][:4] == ["Hải Phòng", 12345, 26.19, None]
    assert ws["E2"].value == datetime.datetime(2026, 7, 5) and ws["E2"].number_format == "DD/MM/YYYY"


def test_the_csv_starts_with_a_bom_and_keeps_vietnamese():
    response = Table(["Khó khăn, vướng mắc"], [["Thiếu kinh phí đầu tư xanh; “đặc biệt” ở Đồ Sơn"]]).response("csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert read_csv(response)[1] == ["Thiếu kinh phí đầu tư xanh; “đặc biệt” ở Đồ Sơn"]


def test_the_workbook_has_a_styled_frozen_header_and_sized_columns():
    response = Table(["Mã", "Tên đơn vị"], [["HP", "Liên đoàn Lao động thành phố Hải Phòng"]]).response("xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="table.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "Bảng tổng hợp2026"
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("E2EFDA")
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width >= 8
    assert ws.auto_filter.ref == "A1:B2"


DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", [DDE, "=HYPERLINK(\"http://x\",\"y\")", "+84 912", "-1+2", "@SUM(A1)"])
def test_a_csv_cell_never_starts_a_formula(text):
    rows = read_csv(Table(["Tên", "Số"], [[text, Decimal("-2.5")]]).response("csv"))
    cell, number = rows[1]
    assert cell.startswith("'") and cell[1:].replace("\\|", "|") == text  # defusedcsv also escapes "|" (DDE)
    assert number == "-2.5"  # negative numbers stay numbers


def test_an_xlsx_text_cell_stays_text_even_with_an_equals_sign():
    ws = load_workbook(io.BytesIO(Table(["Tên"], [[DDE], ["Công đoàn"]]).response("xlsx").content)).active
    assert ws["A2"].value == DDE and ws["A2"].data_type == "s"
    assert read_xlsx(Table(["Tên"], [["Công đoàn"]]).response("xlsx")) == [("Tên",), ("Công đoàn",)]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        Table(["a"], []).render("pdf")


def test_the_view_helper_answers_only_a_known_format():
    make = lambda: Table(["a"], [[1]])  # noqa: E731
    assert download(RequestFactory().get("/x/", {"q": "a"}), make) is None
    assert download(RequestFactory().get("/x/", {"format": "docx"}), make) is None
    assert download(RequestFactory().get("/x/", {"format": "csv"}), make)["Content-Type"].startswith("text/csv")


def test_the_export_links_keep_the_page_filters():
    request = RequestFactory().get("/x/", {"q": "rác thải", "level": "direct", "format": "csv", "table": "a"})
    links = dict(export_links(request, table="units"))
    assert set(links) == {"xlsx", "csv"}
    assert links["csv"] == "?q=r%C3%A1c+th%E1%BA%A3i&level=direct&table=units&format=csv"
