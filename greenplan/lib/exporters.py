"""Tables as downloads: one base class, one renderer for .xlsx and .csv, one view helper.

Modelled on pretix's exporters (`pretix/base/exporter.py`, `ListExporter`): a concrete exporter
lives in the app that owns the data, declares an `identifier` and a `verbose_name`, and gives
its `columns()` and a `rows()` generator; this module writes the file. Pages and API endpoints
build the same exporter from the same selector, so a table is written in one place.

- .xlsx: a bold, shaded, frozen header row with an auto-filter; columns as wide as their
  content (capped); numbers are numeric cells (Excel formats them in the reader's locale),
  dates are date cells shown dd/mm/yyyy; text is always a string cell, even "=…".
- .csv: UTF-8 with a BOM, so Excel opens Vietnamese intact; numbers with a decimal point and
  no grouping (any program reads them back); dates dd/mm/yyyy. Cells go through defusedcsv: a
  text cell starting with = + - @ | % gets an apostrophe, so it never becomes a formula
  (names and narratives are typed by users).
"""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import ClassVar

from defusedcsv import csv
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.http import urlencode
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
XLSX_TYPE = CONTENT_TYPES[XLSX]
FORMAT_PARAM = "format"

Cell = str | Promise | int | float | Decimal | datetime.date | None

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E2EFDA")  # a light green, the product's colour
_HEADER_ALIGN = Alignment(vertical="top", wrap_text=True)
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _number(value: Decimal) -> int | Decimal:
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


def csv_text(value: Cell) -> str:
    """A cell as the CSV writes it (before defusedcsv): numbers plain, dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        number = _number(value)
        return str(number) if isinstance(number, int) else f"{number:f}"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _xlsx_value(value: Cell) -> int | float | Decimal | str | datetime.date | None:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones (callers pass local times); to the minute, as the CSV writes it.
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def render_xlsx(sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook holds one worksheet
    # Excel forbids : \ / ? * [ ] in sheet names and allows 31 characters.
    ws.title = "".join(c for c in sheet if c not in ":\\/?*[]")[:31] or "Sheet1"
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
    widths = [min(len(h), 30) for h in headers]
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # openpyxl takes "=…" text for a formula: keep it text
                cell.data_type = TYPE_STRING
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(cell.value, datetime.datetime) else "DD/MM/YYYY"
        widths = [max(w, len(csv_text(v))) for w, v in zip(widths, row, strict=False)]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


class Exporter:
    """One table of the product as a file. Subclasses set `identifier` and `verbose_name` and
    implement `columns()` and `rows()`; `filename()` names the file without its extension."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str | Promise]

    def columns(self) -> Sequence[str | Promise]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Cell]]:
        raise NotImplementedError

    def filename(self) -> str:
        return self.identifier

    def sheet_title(self) -> str:
        return str(self.verbose_name)

    def render(self, fmt: str) -> tuple[str, str, bytes]:
        """(file name, content type, bytes) for `fmt`, "xlsx" or "csv"."""
        if fmt not in FORMATS:
            raise ValueError(fmt)
        headers = [str(c) for c in self.columns()]
        if fmt == XLSX:
            data = render_xlsx(self.sheet_title(), headers, self.rows())
        else:
            data = render_csv(headers, self.rows())
        return f"{self.filename()}.{fmt}", CONTENT_TYPES[fmt], data

    def response(self, fmt: str) -> HttpResponse:
        name, content_type, data = self.render(fmt)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


def requested_format(request: HttpRequest) -> str | None:
    """"xlsx" or "csv" when the page is asked for a download (`?format=`), else None."""
    fmt = request.GET.get(FORMAT_PARAM, "")
    return fmt if fmt in FORMATS else None


def export_links(request: HttpRequest, **extra: str) -> list[tuple[str, str]]:
    """(format, "?query") for each format, keeping the page's current filters (and `extra`)."""
    query = [(k, v) for k, values in request.GET.lists() for v in values if k != FORMAT_PARAM and k not in extra]
    query += [(k, v) for k, v in extra.items() if v]
    return [(fmt, "?" + urlencode([*query, (FORMAT_PARAM, fmt)])) for fmt in FORMATS]


def download(request: HttpRequest, make: Callable[[], Exporter]) -> HttpResponse | None:
    """The file when the page is asked for one (`?format=xlsx|csv`), else None and the view
    renders its page. `make` builds the exporter from what the page shows, with its filters."""
    fmt = requested_format(request)
    return make().response(fmt) if fmt else None
