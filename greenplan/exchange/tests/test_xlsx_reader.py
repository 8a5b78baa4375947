"""The small .xlsx reader reads what Excel and LibreOffice write, not only what openpyxl writes."""

import io
import zipfile
from datetime import datetime

import pytest

from greenplan.exchange import xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(sheet_data: str, *, target: str = "worksheets/sheet1.xml", shared: str = "") -> bytes:
    """A workbook as Excel saves it: shared strings, relationships, one sheet named «Báo cáo»."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                         '<sheet name="Báo cáo" sheetId="1" r:id="rId7"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId7" Type="x" Target="{target}"/></Relationships>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        archive.writestr("xl/worksheets/sheet1.xml",
                         f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>')
    return out.getvalue()


SHARED = ('<si><t>Mã chỉ tiêu</t></si><si><r><t>Số </t></r><r><rPr/><t>liệu</t></r><rPh><t>x</t></rPh></si>'
          '<si><t>MEMBERS</t></si>')
ROWS = (
    '<row r="5"><c r="A5" t="s"><v>0</v></c><c r="D5" t="s"><v>1</v></c></row>'
    '<row r="6"><c r="A6" t="s"><v>2</v></c><c r="D6"><v>1234</v></c></row>'
    '<row r="7"><c r="D7"><f>1+1</f><v>2</v></c><c r="E7" t="str"><f>"a"</f><v>a</v></c></row>'
    '<row r="8"><c r="B8" t="b"><v>1</v></c><c r="D8" t="e"><v>#DIV/0!</v></c></row>'
    '<row><c r="D9"><v>38.17</v></c></row>'
    '<row r="10"><c r="D10" t="inlineStr"><is><t>năm</t></is></c></row>'
    '<row r="11"><c r="D11" t="d"><v>2026-03-01T00:00:00</v></c></row>'
)


@pytest.mark.parametrize("target", ["worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml"])
def test_it_reads_shared_rich_inline_formula_and_typed_cells(target):
    book = xlsx.Workbook(package(ROWS, target=target, shared=SHARED))
    assert book.sheetnames == ["Báo cáo"]
    rows = book.rows("Báo cáo", max_row=100, max_col=4)
    assert rows[5][1].value == "Mã chỉ tiêu" and rows[5][4].value == "Số liệu"
    assert rows[6][1].value == "MEMBERS" and rows[6][4] == xlsx.Cell(1234)
    assert rows[7][4] == xlsx.Cell(2, formula=True) and 5 not in rows[7]  # column E is past max_col
    assert rows[8][2].value is True and rows[8][4].value == "#DIV/0!"
    assert rows[9][4].value == 38.17  # a row without its number follows the one before
    assert rows[10][4].value == "năm"
    assert rows[11][4].value == datetime(2026, 3, 1)


def test_it_stops_at_the_row_bound():
    assert sorted(xlsx.Workbook(package(ROWS, shared=SHARED)).rows("Báo cáo", max_row=6, max_col=4)) == [5, 6]


@pytest.mark.parametrize("broken", [b"not a zip", package("<row", shared=SHARED)])
def test_a_broken_package_or_sheet_is_unreadable(broken):
    with pytest.raises(xlsx.Unreadable):
        xlsx.Workbook(broken).rows("Báo cáo", max_row=10, max_col=4)
