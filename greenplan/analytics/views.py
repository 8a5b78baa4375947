"""The dashboard: a unit's subtree totals for a half-year or a year, its trend, its direct
subordinates ranked and drilled into, and every table as .csv or .xlsx."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from greenplan.accounts.access import Action, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.analytics import dashboard as dash
from greenplan.analytics import ranking as rank
from greenplan.analytics.classification.scores import Classification
from greenplan.analytics.evaluation import TargetCheck
from greenplan.analytics.exports import DASHBOARD_TABLES, STATUS_LABELS, IndicatorsExporter, RankingExporter
from greenplan.lib.exporters import download, export_links
from greenplan.lib.i18n import localized, measure
from greenplan.lib.listing import carried_query, sort_headers
from greenplan.ops.replica.views import reads_from_replica
from greenplan.reporting.groups import group_heading
from greenplan.reporting.labels import period_label
from greenplan.reporting.models import Indicator, Period
from greenplan.reporting.selectors import format_number, format_value, newest_period

APPROVED = "approved"


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@login_required
@require_GET
def start(request: SignedInRequest) -> HttpResponse:
    """The first unit of the user's scope, in the newest half-year that has figures."""
    roots = scope_roots(request.user)
    if not roots:
        raise PermissionDenied
    code = dash.newest_code_with_data(roots[0])
    if code is None:
        period = newest_period()
        if period is None:
            return render(request, "analytics/no_period.html", {"unit": roots[0]})
        code = period.code
    return redirect("dashboard:unit", roots[0].code, code)


@reads_from_replica
@login_required
@require_GET
def unit_dashboard(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    approved_only = request.GET.get("status") == APPROVED
    board = dash.build(unit_obj, period, approved_only, request.GET.get("indicator", ""))
    table = request.GET.get("table", "")
    ranked = rank.ranking(board, level=request.GET.get("level", ""), query=request.GET.get("q", "").strip()[:200],
                          sort=request.GET.get("sort", "rank"), page=request.GET.get("page"))
    if table == "units":  # the whole ranked list the page shows, with its level and search
        exporter: Any = lambda b: RankingExporter(b, rows=rank.full_rows(b, ranked.listed))  # noqa: E731
    else:
        exporter = DASHBOARD_TABLES.get(table, IndicatorsExporter)
    if file := download(request, lambda: exporter(board)):
        return file

    periods = {p.code: p for p in Period.objects.all()}
    query = {"status": APPROVED} if approved_only else {}
    if board.indicator:
        query["indicator"] = board.indicator.code
    options = []
    for code in reversed(dash.period_codes()):
        options.append((code, period_label(code)))
    for year in reversed(dash.year_codes()):
        options.append((year, period_label(year)))
    options.sort(key=lambda o: (o[0][:4], "H" not in o[0], o[0]), reverse=True)
    ind = board.indicator
    shown = board.subordinates or []
    ctx = {
        "unit": unit_obj,
        "board": board,
        "code": board.code,
        "period_label": period_label(board.code),
        "period": periods.get(board.code),
        "previous_label": period_label(board.previous_code) if board.previous_code else "",
        "period_options": options,
        "query": urlencode(query),
        "approved_only": approved_only,
        "green_target": _target_text(board.green_target),
        "own_class": _class_display(board.classification),
        "targets": [_target_display(board, t) for t in board.targets],
        "crumbs": breadcrumbs(request.user, unit_obj),
        "comparison_note": board.comparison.note,
        "ranking_min_pct": settings.RANKING_MIN_REPORTED_PCT,
    }
    ctx["groups"] = [(group_heading(g.group), [_indicator_display(r) for r in g.rows]) for g in board.groups]
    ctx["subs"] = [
        {
            "row": r,
            "value": format_number(r.value) if ind else "—",
            "submitted_pct": format_number(r.submitted_pct),
            "status": STATUS_LABELS.get(r.target_status),
            "class": _class_display(r.classification),
            "url": _url(r.unit.code, board.code, urlencode(query)),
        }
        for r in ranked.rows
    ]
    ctx["ranking"] = ranked
    ctx["unranked"] = ranked.unranked
    ctx["ranking_query"] = carried_query(request.GET)
    ctx["ranking_sorts"] = sort_headers(request.GET, ranked.sort, ["rank", "name"])
    ctx["children_count"] = len(shown)
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "ranking":
        return render(request, "analytics/_ranking.html", ctx)
    least = _least_and_most_complete(shown)
    ctx["completeness_cut"] = len(least) < len(shown)
    ctx["chart_cut"] = len(ranked.chart) < ranked.valued
    agg = board.aggregate
    ctx["figures"] = {
        "members": format_number(board.members),
        "registered_members": format_number(Decimal(board.registered_members)),
        "workers": format_number(board.workers),
        "submitted_pct": format_number(board.submitted_pct),
        "approved_pct": format_number(board.approved_pct),
        "on_time_pct": format_number(board.on_time_pct),
        "green_rate": format_number(board.green_rate),
        "expected": agg.expected,
    }
    ctx["exports"] = {table: export_links(request, table=table) for table in DASHBOARD_TABLES}
    ctx["chart"] = {
        "lang": get_language() or "vi",
        "indicator": {"code": ind.code, "name": localized(ind), "unit": measure(ind.unit)} if ind else None,
        "target": _float(board.chosen_target.target.value) if board.chosen_target else None,
        "target_label": _("Mục tiêu %(t)s") % {"t": _target_text(board.chosen_target)} if board.chosen_target else "",
        "trend": {"labels": [c for c, _v in board.trend], "values": [_float(v) for _c, v in board.trend],
                  "current": board.code},
        "bars": {"labels": [rank.short_name(r.name) for r in ranked.chart], "names": [r.name for r in ranked.chart],
                 "urls": [_url(r.code, board.code, urlencode(query)) for r in ranked.chart],
                 "values": [_float(r.value) for r in ranked.chart]},
        "completeness": {
            "labels": [rank.short_name(r.unit.name) for r in least] or [rank.short_name(unit_obj.name)],
            "names": [r.unit.name for r in least] or [unit_obj.name],
            "series": [str(_("Đã duyệt")), str(_("Chờ duyệt")), str(_("Chưa nộp"))],
            "approved": [r.approved for r in least] or [board.aggregate.approved],
            "waiting": [r.submitted - r.approved for r in least]
            or [board.aggregate.submitted - board.aggregate.approved],
            "missing": [max(r.expected - r.submitted, 0) for r in least]
            or [max(board.aggregate.expected - board.aggregate.submitted, 0)],
        },
    }
    return render(request, "analytics/dashboard.html", ctx)


def _least_and_most_complete(rows: list[dash.SubordinateRow]) -> list[dash.SubordinateRow]:
    """The direct subordinates for the completeness chart: all of them, or past 2N the N that sent
    the smallest share of their reports and the N that sent the largest."""
    n = rank.CHART_N
    ordered = sorted(rows, key=lambda r: (r.submitted / r.expected if r.expected else 1, r.unit.name))
    return ordered if len(ordered) <= 2 * n else ordered[:n] + ordered[-n:]


def _class_display(c: Classification | None) -> dict[str, Any] | None:
    """The band as a badge, the score as text; None when no criterion applies."""
    if c is None or c.score is None:
        return None
    band = c.band
    return {
        "label": localized(band, "label") if band else _("Chưa xếp loại"),
        "colour": band.colour if band else "light",
        "score": format_number(c.score),
        "points": f"{c.earned}/{c.applicable}",
    }


def _target_text(check: TargetCheck | None) -> str:
    """"≥ 35 %" — the operator, the goal and the indicator's unit."""
    if check is None:
        return ""
    t = check.target
    unit = f" {measure(t.indicator.unit)}" if t.indicator.unit else ""
    return f"{t.get_operator_display()} {format_number(t.value)}{unit}"


def _target_display(board: dash.Dashboard, check: TargetCheck) -> dict:
    t = check.target
    plan = check.plan
    return {
        "item": t.item.code,
        "indicator": localized(t.indicator),
        "code": t.indicator.code,
        "goal": _target_text(check),
        "actual": format_value(t.indicator, check.actual) + (f" {measure(t.indicator.unit)}" if check.actual is not None
                                                             and t.indicator.unit else ""),
        "status": check.status,
        "label": STATUS_LABELS[check.status],
        "plan_url": reverse("plans:plan", args=[plan.unit.code]) + f"#item-{t.item.code}",
        "plan": plan.reference or plan.unit.code,
        "own": plan.unit_id == board.unit.pk,
        "period": t.period_code,
        "subordinates": board.subordinate_counts(t.indicator.code) if board.subordinates else None,
    }


def _url(unit_code: str, code: str, query: str) -> str:
    url = reverse("dashboard:unit", args=[unit_code, code])
    return f"{url}?{query}" if query else url


def _signed(value: Decimal | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value)}{suffix}"


def _indicator_display(row: dash.IndicatorRow) -> dict:
    ind = row.indicator
    counted = ind.aggregation == Indicator.Aggregation.YES_COUNT  # a number of units answering yes
    show = format_number if counted else lambda v: format_value(ind, v)
    value = show(row.value)
    if row.share is not None:
        value = f"{value} ({format_number(row.share)}%)"
    change = row.change
    return {
        "code": ind.code,
        "name": localized(ind),
        "unit": measure(ind.unit),
        "value": value,
        "previous": show(row.previous),
        "change": _signed(change),
        "change_pct": _signed(row.change_pct, "%"),
        "direction": "up" if change and change > 0 else "down" if change and change < 0 else "",
    }
