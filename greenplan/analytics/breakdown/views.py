"""The breakdown page: a unit's subtree split by kind, sector and ownership, as a table, a bar
chart and a .csv/.xlsx download. The figures come from analytics.breakdown.tables, as in the API."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from greenplan.accounts.access import Action
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.analytics import dashboard as dash
from greenplan.analytics.breakdown.exports import BreakdownExporter, dimension_labels, is_count
from greenplan.analytics.breakdown.tables import (
    DEFAULT_BY,
    DEFAULT_INDICATORS,
    Breakdown,
    BreakdownError,
    Row,
    breakdown,
)
from greenplan.analytics.selectors import active_indicators
from greenplan.lib.exporters import download, export_links
from greenplan.lib.i18n import localized, measure
from greenplan.ops.replica.views import reads_from_replica
from greenplan.reporting.groups import group_heading
from greenplan.reporting.labels import period_label
from greenplan.reporting.models import Indicator
from greenplan.reporting.selectors import format_number, format_value

APPROVED = "approved"


def cell(ind: Indicator, row: Row) -> str:
    value = row.values.get(ind.code)
    if is_count(ind):
        share = row.shares.get(ind.code)
        return format_number(value) + (f" ({format_number(share)}%)" if share is not None else "")
    return format_value(ind, value)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _choices(request: HttpRequest) -> tuple[list[str], list[str], str]:
    by = [v for value in request.GET.getlist("by") for v in value.split(",") if v.strip()] or list(DEFAULT_BY)
    codes = [v for value in request.GET.getlist("indicators") for v in value.split(",") if v.strip()]
    codes = codes or list(DEFAULT_INDICATORS)
    return by, codes, request.GET.get("chart", "").strip().upper()


@reads_from_replica
@login_required
@require_GET
def breakdown_page(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    code = dash.normalise_code(period)  # 404 for an unknown period
    approved_only = request.GET.get("status") == APPROVED
    by, codes, chart_code = _choices(request)
    error, result = "", None
    try:
        result = breakdown(unit_obj, code, codes, by=by, approved_only=approved_only)
    except BreakdownError as exc:
        error = str(exc)
    if result is not None and (file := download(request, lambda: BreakdownExporter(result))):
        return file

    query = [("by", d) for d in by] + [("indicators", c) for c in codes]
    if approved_only:
        query.append(("status", APPROVED))
    inds = active_indicators()
    groups: dict[int, list[Indicator]] = {}
    for ind in inds:
        groups.setdefault(ind.group, []).append(ind)
    ctx = {
        "unit": unit_obj,
        "code": code,
        "period_label": period_label(code),
        "crumbs": breadcrumbs(request.user, unit_obj),
        "approved_only": approved_only,
        "error": error,
        "result": result,
        "dimensions": list(dimension_labels().items()),
        "first": by[0] if by else "",
        "second": by[1] if len(by) > 1 else "",
        "chosen": set(c.upper() for c in codes),
        "indicator_groups": [(group_heading(g), groups[g]) for g in sorted(groups)],
        "period_options": [(c, period_label(c)) for c in reversed(dash.year_codes() + dash.period_codes())],
        "query": urlencode(query),
        "exports": export_links(request),
        "dashboard_query": urlencode({"status": APPROVED} if approved_only else {}),
    }
    if result is not None:
        ctx.update(_table_and_chart(result, chart_code))
    return render(request, "analytics/breakdown.html", ctx, status=400 if error else 200)


def _table_and_chart(result: Breakdown, chart_code: str) -> dict:
    labels = dimension_labels()
    chartable = {i.code: i for i in result.indicators}
    shown = chartable.get(chart_code) or result.indicators[0]
    rows = [
        {"groups": row.groups, "expected": row.expected, "reports": row.reports,
         "cells": [cell(ind, row) for ind in result.indicators]}
        for row in result.rows
    ]
    total = {"expected": result.total.expected, "reports": result.total.reports,
             "cells": [cell(ind, result.total) for ind in result.indicators]}
    return {
        "headings": [labels[d] for d in result.by],
        "columns": [{"code": i.code, "name": localized(i), "unit": measure(i.unit)} for i in result.indicators],
        "rows": rows,
        "total": total,
        "width": len(result.by) + 2 + len(result.indicators),
        "chart_indicator": shown,
        "chart": {
            "lang": get_language() or "vi",
            "label": f"{localized(shown)} ({measure(shown.unit)})" if shown.unit else localized(shown),
            "labels": [[g.label for g in row.groups] for row in result.rows],
            "values": [_float(row.values.get(shown.code)) for row in result.rows],
        },
    }
