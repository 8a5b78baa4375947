"""The report template: one .xlsx per unit and period, filled offline and uploaded again.

The main sheet («Báo cáo») has one indicator per row under a header row whose columns are part
of the file format (fixed Vietnamese text, never translated): «Mã chỉ tiêu», «Tên chỉ tiêu»,
«Đơn vị tính», «Số liệu», «Hướng dẫn». Only the value cells of entered indicators are unlocked;
each carries a data validation (whole or decimal number within the indicator's bounds). Derived
indicators are shown, grey and locked. A very hidden sheet («Thông tin») records what the file
is for — kind, unit, period, template version, the report's version when the file was made and
the code expected on every row — also reachable through defined names (GP_UNIT, GP_PERIOD…).
The importer (`imports.py`) reads that sheet to refuse a file meant for another unit, period
or version, and the row list to refuse shifted or deleted rows.
"""

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting import values as V
from greenplan.reporting.expected import expected_units
from greenplan.reporting.labels import period_label
from greenplan.reporting.models import Indicator, Period, Report, ReportValue
from greenplan.reporting.selectors import format_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

TEMPLATE_VERSION = 1
KIND = "greenplan-report-template"
SHEET_TITLE = "Báo cáo"
INFO_TITLE = "Thông tin"
# The header is the first row, so a program reading the sheet finds `Mã chỉ tiêu` and `Số liệu` in row 1;
# the title and the instructions stand beside the table (column G).
HEADER_ROW = 1
NOTE_COLUMN = "G"
FIRST_ROW = HEADER_ROW + 1
# The file format: fixed text, found by the importer (and by other programs) by these headers.
CODE_HEADER = "Mã chỉ tiêu"
VALUE_HEADER = "Số liệu"
HEADERS = (CODE_HEADER, "Tên chỉ tiêu", "Đơn vị tính", VALUE_HEADER, "Hướng dẫn")
CODE_COLUMN, VALUE_COLUMN = 1, 4
WIDTHS = (30, 70, 14, 18, 48)
# The info sheet: labels in column A, values in column B, in these rows.
INFO_ROWS = {"kind": 1, "unit": 2, "period": 3, "template_version": 4, "report_version": 5, "created": 6}
INFO_LABELS = {
    "kind": "Loại tệp", "unit": "Mã đơn vị", "period": "Kỳ báo cáo", "template_version": "Phiên bản mẫu",
    "report_version": "Phiên bản báo cáo", "created": "Tạo lúc",
}
INFO_DEFINED_NAMES = {"kind": "GP_KIND", "unit": "GP_UNIT", "period": "GP_PERIOD",
                      "template_version": "GP_TEMPLATE_VERSION", "report_version": "GP_REPORT_VERSION"}
ROWS_HEADER = 8  # then one row per indicator row of the main sheet: (row number, code)
# A superior's .zip holds at most this many templates: a bigger subtree downloads per subordinate.
MAX_ZIP_TEMPLATES = 500

HEADER_FILL = PatternFill("solid", fgColor="D9EAD3")
DERIVED_FILL = PatternFill("solid", fgColor="E7E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class TemplateData:
    unit: Unit
    period: Period
    indicators: list[Indicator]  # the unit's catalogue, in its order
    values: V.Values  # stored values, derived ones computed
    report_version: int


def template_data(unit: Unit, period: Period, catalogue: V.Catalogue | None = None) -> TemplateData:
    """What the template of `unit` for `period` holds: its catalogue and its current values."""
    catalogue = catalogue or V.catalogue_for(unit)
    report = Report.objects.filter(unit=unit, period=period).first()
    stored: V.Values = dict(report.values.values_list("indicator__code", "value")) if report else {}
    return TemplateData(unit, period, list(catalogue.indicators.values()), V.derive(catalogue, stored),
                        report.version if report else 0)


def template_filename(unit: Unit, period: Period) -> str:
    # Unit codes use only A-Z 0-9 . _ - (DESIGN.md): safe in a file name and a header.
    return f"mau-bao-cao-{unit.code}-{period.code}.xlsx"


def _hint(indicator: Indicator) -> str:
    if indicator.derived:
        return _("Tính tự động, không nhập.")
    if indicator.type == Indicator.Type.YESNO:
        kind = _("Nhập 1 (có) hoặc 0 (không).")
    else:
        kind = _("Số nguyên") if indicator.type == Indicator.Type.INTEGER else _("Số")
        low = format_number(indicator.min_value)
        if indicator.max_value is not None:
            kind = _("%(kind)s từ %(min)s đến %(max)s.") % {
                "kind": kind, "min": low, "max": format_number(indicator.max_value)}
        else:
            kind = _("%(kind)s từ %(min)s trở lên.") % {"kind": kind, "min": low}
    required = _("Bắt buộc.") if indicator.required else _("Không bắt buộc.")
    return f"{kind} {required}"


def _validation_key(indicator: Indicator) -> tuple[str, str, str]:
    whole = indicator.type in (Indicator.Type.INTEGER, Indicator.Type.YESNO)
    low = indicator.min_value
    high = Decimal(1) if indicator.type == Indicator.Type.YESNO else indicator.max_value
    if high is None:
        high = V.MAX_VALUE - (1 if whole else Decimal("0.0001"))
    return ("whole" if whole else "decimal", f"{low.normalize():f}", f"{high.normalize():f}")


def _cell_value(value: Decimal | None) -> int | float | None:
    return V.as_json_number(value)


def _main_sheet(sheet: Worksheet, data: TemplateData) -> list[tuple[int, str]]:
    unit, period = data.unit, data.period
    sheet.title = SHEET_TITLE
    note = NOTE_COLUMN
    sheet[f"{note}1"] = _("Báo cáo %(period)s — %(unit)s") % {"period": period_label(period.code), "unit": unit.name}
    sheet[f"{note}1"].font = Font(bold=True, size=13)
    sheet[f"{note}2"] = _(
        "Đơn vị %(unit)s · kỳ %(period)s · mẫu phiên bản %(template)s · báo cáo phiên bản %(report)s") % {
        "unit": unit.code, "period": period.code, "template": TEMPLATE_VERSION, "report": data.report_version}
    sheet[f"{note}3"] = _("Chỉ nhập vào cột «Số liệu» (ô trắng); ô xám được tính tự động. Không thêm, xoá hay đổi "
                          "thứ tự các dòng. Tải lên tại trang «Nhập báo cáo từ Excel».")
    sheet[f"{note}3"].font = Font(italic=True)
    sheet.column_dimensions[note].width = 60
    for row in (2, 3):
        sheet[f"{note}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    validations: dict[tuple[str, str, str], DataValidation] = {}
    rows: list[tuple[int, str]] = []
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, indicator in enumerate(data.indicators, start=FIRST_ROW):
        rows.append((row, indicator.code))
        sheet.cell(row, CODE_COLUMN, indicator.code)
        sheet.cell(row, 2, localized(indicator, "name")).alignment = wrap
        sheet.cell(row, 3, indicator.unit)
        value = sheet.cell(row, VALUE_COLUMN, _cell_value(data.values.get(indicator.code)))
        sheet.cell(row, 5, _hint(indicator)).alignment = wrap
        whole = indicator.type in (Indicator.Type.INTEGER, Indicator.Type.YESNO)
        value.number_format = "#,##0" if whole else "#,##0.####"
        if indicator.derived:
            value.fill = DERIVED_FILL
            value.number_format = "#,##0.00"
            continue
        value.protection = UNLOCKED
        value.fill = INPUT_FILL
        key = _validation_key(indicator)
        if key not in validations:
            kind, low, high = key
            validations[key] = DataValidation(
                type="whole" if kind == "whole" else "decimal", operator="between", formula1=low, formula2=high,
                allow_blank=True, showErrorMessage=True, errorTitle=VALUE_HEADER,
                error=_("Nhập một số từ %(min)s đến %(max)s%(whole)s.") % {
                    "min": low, "max": high, "whole": _(" (số nguyên)") if kind == "whole" else ""},
            )
        validations[key].add(value)
    for validation in validations.values():
        sheet.add_data_validation(validation)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.protection.sheet = True  # no password: it guards against slips; the importer checks anyway
    return rows


def _info_sheet(workbook: Workbook, data: TemplateData, rows: list[tuple[int, str]]) -> None:
    info = workbook.create_sheet(INFO_TITLE)
    values = {
        "kind": KIND, "unit": data.unit.code, "period": data.period.code, "template_version": TEMPLATE_VERSION,
        "report_version": data.report_version,
        "created": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    }
    for key, row in INFO_ROWS.items():
        info.cell(row, 1, INFO_LABELS[key])
        info.cell(row, 2, values[key])
        if key in INFO_DEFINED_NAMES:
            name = INFO_DEFINED_NAMES[key]
            workbook.defined_names[name] = DefinedName(name, attr_text=f"'{INFO_TITLE}'!$B${row}")
    info.cell(ROWS_HEADER, 1, "Dòng")
    info.cell(ROWS_HEADER, 2, CODE_HEADER)
    for offset, (row, code) in enumerate(rows, start=1):
        info.cell(ROWS_HEADER + offset, 1, row)
        info.cell(ROWS_HEADER + offset, 2, code)
    info.protection.sheet = True
    info.sheet_state = "veryHidden"


def template_xlsx(data: TemplateData) -> bytes:
    """The template as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook holds one worksheet
    rows = _main_sheet(sheet, data)
    _info_sheet(workbook, data, rows)
    workbook.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_template(unit: Unit, period: Period) -> bytes:
    """The template of one unit for one period, prefilled with the report's current values."""
    return template_xlsx(template_data(unit, period))


def subordinate_units(unit: Unit, period: Period) -> QuerySet[Unit]:
    """The units below `unit` (not itself) that report for the period: the templates of its .zip."""
    return expected_units(period, within=unit).exclude(pk=unit.pk).select_related("kind").order_by("path")


class TooManyTemplates(ValueError):
    pass


def subordinate_templates_zip(unit: Unit, period: Period) -> tuple[bytes, int]:
    """One template per unit below `unit` that reports for the period, in one .zip, with the count.

    Values are read for all of them at once; the catalogue once per kind of unit. Raises
    TooManyTemplates above MAX_ZIP_TEMPLATES units.
    """
    units = list(subordinate_units(unit, period)[: MAX_ZIP_TEMPLATES + 1])
    if len(units) > MAX_ZIP_TEMPLATES:
        raise TooManyTemplates(MAX_ZIP_TEMPLATES)
    reports = {r.unit_id: r for r in Report.objects.filter(period=period).filter(subtree_q(unit.path, "unit__"))}
    stored: dict[int, V.Values] = {}
    for report_id, code, value in ReportValue.objects.filter(report__in=reports.values()).values_list(
        "report_id", "indicator__code", "value"
    ):
        stored.setdefault(report_id, {})[code] = value
    catalogues: dict[int, V.Catalogue] = {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for sub in units:
            catalogue = catalogues.get(sub.kind_id) or catalogues.setdefault(sub.kind_id, V.catalogue_for(sub))
            report = reports.get(sub.pk)
            values = stored.get(report.pk, {}) if report else {}
            data = TemplateData(sub, period, list(catalogue.indicators.values()), V.derive(catalogue, values),
                                report.version if report else 0)
            archive.writestr(template_filename(sub, period), template_xlsx(data))
    return out.getvalue(), len(units)


def templates_zip_filename(unit: Unit, period: Period) -> str:
    return f"mau-bao-cao-don-vi-truc-thuoc-{unit.code}-{period.code}.zip"
