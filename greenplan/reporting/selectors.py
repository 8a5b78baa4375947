"""Reads of reports: one report as data, and the status of a superior's subordinate units."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action
from greenplan.accounts.models import User
from greenplan.orgs.models import Unit, children_q, subtree_q
from greenplan.orgs.selectors import unit_for_user
from greenplan.reporting import values as V
from greenplan.reporting.models import Indicator, Period, Report
from greenplan.reporting.periods import parse_period_code
from greenplan.reporting.services import NARRATIVE_FIELDS, stored_values


def indicators_listed(include_retired: bool = False) -> QuerySet[Indicator]:
    """The catalogue in its order, with what a listing shows of each indicator; three queries."""
    qs = Indicator.objects.select_related("numerator", "denominator").prefetch_related("reporting_kinds")
    if not include_retired:
        qs = qs.filter(Q(retired_at__isnull=True) | Q(retired_at__gt=datetime.date.today()))
    return qs.order_by("group", "order", "code")


def periods_listed() -> QuerySet[Period]:
    return Period.objects.order_by("-year", "-half")


def period_by_code(code: str) -> Period:
    try:
        year, half = parse_period_code(code)
    except ValueError:
        raise Http404(code) from None
    period = Period.objects.filter(year=year, half=half).first() if half else None
    if period is None:
        raise Http404(code)
    return period


def report_context(user: User, unit_code: str, period_code: str, action: Action = Action.VIEW):
    """(unit, period, report or None) after the scope check; 404 for unknown, 403 outside scope."""
    unit = unit_for_user(user, unit_code, action)
    period = period_by_code(period_code)
    report = Report.objects.filter(unit=unit, period=period).select_related("decided_by").first()
    return unit, period, report


def deadline_passed(period: Period, at: datetime.datetime) -> bool:
    return timezone.localtime(at).date() > period.deadline


def report_payload(unit: Unit, period: Period, report: Report | None) -> dict[str, Any]:
    """The report as the API and the page show it; a unit with no report yet gets an empty draft."""
    catalogue = V.catalogue_for(unit)
    values = V.derive(catalogue, stored_values(report))
    first = report.first_submitted_at if report else None
    return {
        "unit": unit.code,
        "period": period.code,
        "status": report.status if report else Report.Status.DRAFT.value,
        "version": report.version if report else 0,
        "values": {code: V.as_json_number(values.get(code)) for code in catalogue.indicators},
        "narrative": {key: getattr(report, key) if report else "" for key in NARRATIVE_FIELDS},
        "submitted_at": report.submitted_at.isoformat() if report and report.submitted_at else None,
        "on_time": None if first is None else not deadline_passed(period, first),
        "return_comment": report.return_comment if report else "",
    }


def active_during(period: Period) -> Q:
    return Q(valid_from__lte=period.end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))


def expected_units(unit: Unit, period: Period) -> QuerySet[Unit]:
    """Every unit of the subtree that existed during the period: each level reports to its
    superior, except a root, which has no superior in the system to report to."""
    return Unit.objects.filter(active_during(period), subtree_q(unit.path), depth__gt=1)


@dataclass
class SubordinateStatus:
    unit: Unit
    report: Report | None
    late: bool

    @property
    def state(self) -> str:
        return self.report.status if self.report else "missing"

    @property
    def state_label(self) -> str:
        return self.report.get_status_display() if self.report else _("Chưa có báo cáo")


def subordinate_statuses(unit: Unit, period: Period, today: datetime.date | None = None) -> list[SubordinateStatus]:
    """The direct subordinates of `unit` with their report for the period; two queries."""
    today = today or timezone.localdate()
    children = list(
        Unit.objects.filter(active_during(period), children_q(unit))
        .select_related("kind")
        .order_by("kind__order", "name")
    )
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=children)}
    rows = []
    for child in children:
        report = reports.get(child.pk)
        if report and report.first_submitted_at:
            late = deadline_passed(period, report.first_submitted_at)
        else:
            late = today > period.deadline
        rows.append(SubordinateStatus(child, report, late))
    return rows
