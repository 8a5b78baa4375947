"""The layout of an official union document on python-docx (Nghị định 30/2020/NĐ-CP, Quyết định
933/QĐ-TLĐ): A4, Times New Roman, the decree's margins, the two-column header, title, body,
tables, "Nơi nhận" and the signature block. Every document of the app is built from these
pieces, so the format rules live here once.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from greenplan.reporting.selectors import format_number

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
# Nghị định 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FIRST_LINE_INDENT = Cm(1.27)
TABLE_STYLE = "Table Text"  # 12 pt Times New Roman, no indent: the cells of every table
TABLE_STYLE_ID = "TableText"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CONFEDERATION = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"


def vn_number(value: Decimal | int | None) -> str:
    """A figure as a Vietnamese document prints it, whatever the page's language: 1.234.567,5.

    The project's one number format (reporting's `format_number`) under the Vietnamese locale.
    """
    if value is None:
        return "—"
    with translation.override("vi"):
        return format_number(Decimal(value))


def vn_date(day: datetime.date) -> str:
    """"ngày 05 tháng 07 năm 2026" — the date line of an official document."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def _font(run_or_style: object, size: float | None = None, *, bold: bool | None = None,
          italic: bool | None = None, underline: bool | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if underline is not None:
        font.underline = underline
    # Word picks the font for Vietnamese letters from the east-Asian and complex-script slots too.
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _mm(mm: int) -> Twips:
    """Word keeps margins in whole twips: round up, so 15 mm never reads back as 14,99 mm."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def new_document() -> Document:
    """An empty A4 portrait document in Times New Roman 14 pt with the decree's margins and page
    numbers centred at the top from page 2."""
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = _mm(MARGINS_MM["top"]), _mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = _mm(MARGINS_MM["left"]), _mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    cells = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    _font(cells, TABLE_PT)
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.first_line_indent = Cm(0)
    cells.paragraph_format.line_spacing = 1.0
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)
    return doc


def _page_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _line(cell_or_doc: _Cell | Document, text: str, size: float, *, bold: bool = False, italic: bool = False,
          underline: bool = False, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          first: bool = False) -> Paragraph:
    if first and isinstance(cell_or_doc, _Cell):
        paragraph = cell_or_doc.paragraphs[0]
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _widths(grid: Table, widths_cm: Sequence[float]) -> None:
    """Column widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    grid.autofit = False
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def header_block(doc: Document, *, superior: str, issuer: str, reference: str, place: str,
                 day: datetime.date) -> Table:
    """The two-column header: superior and issuing body with the number and symbol on the left;
    the national name, the motto, place and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, (6.4, 10.1))
    left, right = table.rows[0].cells
    _line(left, superior.upper(), 12, first=True)
    _line(left, issuer.upper(), 13, bold=True)
    _line(left, "________", 13)
    _line(left, reference, 13)
    _line(right, NATIONAL_NAME, 12, bold=True, first=True)
    _line(right, MOTTO, 13, bold=True, underline=True)
    _line(right, "", 13)
    _line(right, f"{place}, {vn_date(day)}", 13, italic=True)
    return table


def title(doc: Document, lines: Sequence[str]) -> None:
    """The document's name in capitals, bold, centred; later lines (what it is about) bold."""
    doc.add_paragraph()
    for index, text in enumerate(lines):
        paragraph = _line(doc, text.upper() if index == 0 else text, BODY_PT, bold=True)
        paragraph.paragraph_format.space_after = Pt(0)
    _line(doc, "________", BODY_PT)


def heading(doc: Document, text: str, *, level: int = 1) -> Paragraph:
    """A section heading inside the body: bold (level 1) or bold italic (level 2), not indented."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    _font(paragraph.add_run(text), BODY_PT, bold=True, italic=level > 1)
    return paragraph


def body(doc: Document, text: str) -> list[Paragraph]:
    """Body paragraphs (one per line of `text`): justified, first line indented 1.27 cm."""
    paragraphs = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            continue
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
        _font(paragraph.add_run(line.strip()), BODY_PT)
        paragraphs.append(paragraph)
    return paragraphs


def table(doc: Document, header: Sequence[str], rows: Iterable[Sequence[str]],
          widths_cm: Sequence[float] | None = None, *, numeric_from: int = 99) -> Table:
    """A bordered table in 12 pt with a bold header row that repeats on each page; columns from
    `numeric_from` align right, the first (the number) is centred.

    The body rows are written as XML in one piece, with the "Table Text" paragraph style instead
    of a font per run: an annex of 2,000 subordinates has 12,000 cells, and building them one
    python-docx call at a time took seconds."""
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        _cell(cell, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    head = grid.rows[0]._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # the header row stays whole and repeats on each page
        head.append(OxmlElement(tag))
    if widths_cm:
        grid.autofit = False
        for column, width in zip(grid.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for cell, width in zip(grid.rows[0].cells, widths_cm, strict=True):
            cell.width = Cm(width)
    twips = [round(w * 567) for w in widths_cm] if widths_cm else None
    body = []
    for row in rows:
        cells = []
        for index, text in enumerate(row):
            align = "center" if index == 0 else "right" if index >= numeric_from else None
            size = f'<w:tcPr><w:tcW w:w="{twips[index]}" w:type="dxa"/></w:tcPr>' if twips else ""
            jc = f'<w:jc w:val="{align}"/>' if align else ""
            cells.append(f'<w:tc>{size}<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/>{jc}</w:pPr>'
                         f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    if body:
        holder = parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(body)}</w:tbl>')
        for tr in list(holder):
            grid._tbl.append(tr)
    return grid


def _cell(cell: _Cell, text: str, align: WD_ALIGN_PARAGRAPH | None, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = TABLE_STYLE_ID  # the id directly: a lookup by name per cell is slow
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def recipients_and_signature(doc: Document, *, recipients: Sequence[str], capacity: str, signer_title: str,
                             signer_name: str) -> Table:
    """"Nơi nhận:" (bold italic 12 pt, recipients 11 pt) on the left, the signature block on the right."""
    doc.add_paragraph()
    block = doc.add_table(rows=1, cols=2)
    _no_borders(block)
    _widths(block, (8.0, 8.5))
    left, right = block.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for recipient in recipients:
        _line(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, capacity.upper(), BODY_PT, bold=True, first=True)
    _line(right, signer_title.upper(), BODY_PT, bold=True)
    for _blank in range(4):
        _line(right, "", BODY_PT)
    _line(right, signer_name, BODY_PT, bold=True)
    return block


def page_break(doc: Document) -> None:
    doc.add_page_break()


def as_bytes(doc: Document) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
