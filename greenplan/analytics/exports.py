"""One exporter for every table: headers and rows → a .csv or .xlsx download.

Numbers stay numbers: in the workbook they are numeric cells (Excel formats them in the
reader's locale); in the CSV they are written with a decimal point and no grouping, so any
program reads them back. The CSV starts with a BOM so Excel opens the Vietnamese as UTF-8.

Text never becomes a formula (names and narratives are typed by users): defusedcsv prefixes a
CSV cell that starts with = + - @ | % (numbers excepted) with an apostrophe, and a text cell
of the workbook is stored as a string even when it starts with "=".
"""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from defusedcsv import csv
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | Decimal | None


def _number(value: Decimal) -> int | Decimal:
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        number = _number(value)
        return str(number) if isinstance(number, int) else f"{number:f}"
    return str(value)


def _xlsx_value(value: Cell) -> int | Decimal | str | None:
    if isinstance(value, Decimal):
        return _number(value)
    return value if value is None or isinstance(value, int) else str(value)


def table_response(filename: str, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
                   sheet: str = "") -> HttpResponse:
    """`filename` without extension; `fmt` is "csv" or "xlsx"."""
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        assert isinstance(ws, Worksheet)  # a new workbook holds one worksheet
        ws.title = (sheet or filename)[:31]
        ws.append([str(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in headers]
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # openpyxl reads "=…" text as a formula
                    cell.data_type = TYPE_STRING
            widths = [max(w, len(_csv_text(v))) for w, v in zip(widths, row, strict=False)]
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([str(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
        response = HttpResponse(("\ufeff" + text.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
