"""Find and repair stored report values that cannot be read back exactly.

Before values were bounded (values.py), a value such as 99999999999999.99 could be stored: on
SQLite it becomes a REAL whose digits no longer fit numeric(18, 4), and Django's converter then
fails every read of the report. Such rows are read here through a raw cursor (no converter),
judged with the same bounds as new input, and removed with a note on the report's timeline so
the unit knows to type them again.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from greenplan.audit.services import log_action
from greenplan.reporting import values as V
from greenplan.reporting.models import Report, ReportEvent, ReportValue, Rollup
from greenplan.reporting.rebuild import rebuild
from greenplan.reporting.rollup import SCOPES


@dataclass
class BadValue:
    value_id: int
    report_id: int
    unit: str
    period: str
    indicator: str
    raw: str
    reason: str


def _judge(raw: Any) -> tuple[Decimal | None, str]:
    """The value as stored and why it cannot stay ("" when it can)."""
    try:
        if isinstance(raw, float):
            value = Decimal(repr(raw)) if math.isfinite(raw) else Decimal("NaN")
        elif isinstance(raw, (int, Decimal)):
            value = Decimal(raw)
        else:
            value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None, _("không phải là số")
    if not value.is_finite():
        return None, _("không phải là số")
    if value < 0:
        return value, _("số âm")
    try:
        V.check_storable(value)
    except ValueError as exc:
        return value, str(exc)
    return value, ""


def bad_values(chunk: int = 20_000) -> list[BadValue]:
    """Every stored value that cannot be read back exactly, read without Django's converter."""
    table = connection.ops.quote_name(ReportValue._meta.db_table)
    found: dict[int, tuple[str, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {table}")  # noqa: S608 - the table name is ours
        while rows := cursor.fetchmany(chunk):
            for value_id, raw in rows:
                _value, reason = _judge(raw)
                if reason:
                    found[value_id] = (repr(raw) if not isinstance(raw, (int, float, Decimal)) else str(raw), reason)
    rows = (
        ReportValue.objects.filter(pk__in=found)
        .values_list("pk", "report_id", "report__unit__code", "report__period__code", "indicator__code")
        .order_by("report__period__code", "report__unit__code", "indicator__code")
    )
    return [BadValue(pk, report_id, unit, period, code, *found[pk]) for pk, report_id, unit, period, code in rows]


@transaction.atomic
def bad_values_repair(found: list[BadValue]) -> bool:
    """Remove the values, log each report's removal as a new version, keep the stored totals exact.

    Returns whether the stored totals were rebuilt (a repaired report was counted in them).
    """
    by_report: dict[int, list[BadValue]] = {}
    for bad in found:
        by_report.setdefault(bad.report_id, []).append(bad)
    counted = False
    for report in Report.objects.select_for_update().filter(pk__in=by_report).order_by("pk"):
        bads = by_report[report.pk]
        ReportValue.objects.filter(pk__in=[b.value_id for b in bads]).delete()
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
        ReportEvent.objects.create(
            report=report, version=report.version, kind=ReportEvent.Kind.SAVED, actor=None,
            comment=_("Hệ thống đã xóa %(n)s giá trị không đọc được hoặc vượt giới hạn lưu trữ; "
                      "hãy nhập lại: %(list)s.")
            % {"n": len(bads), "list": "; ".join(f"{b.indicator} = {b.raw} ({b.reason})" for b in bads)},
            changes=[{"field": b.indicator, "old": _storable_text(b.raw), "new": None} for b in bads],
        )
        log_action(actor=None, action="report.values_repaired", obj=report, unit=report.unit,
                   data={"changes": [{"field": b.indicator, "old": b.raw, "new": None} for b in bads]})
        counted = counted or report.status in SCOPES[Rollup.Scope.COUNTED]
    if counted:
        rebuild()
    return counted


def _storable_text(raw: str) -> str | None:
    """The old value for the timeline, which formats it as a number: only when it is one."""
    value, _reason = _judge(raw.strip("'\""))
    return None if value is None else f"{value:f}"
