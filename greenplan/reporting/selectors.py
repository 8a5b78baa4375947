"""Reads of reports: one report as data, the user's list of reports, the entry form, the timeline."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action
from greenplan.accounts.models import ROLE_RANK, Membership, Role, User
from greenplan.accounts.selectors import unit_for_user
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting import values as V
from greenplan.reporting.groups import GROUP_TITLES, group_heading
from greenplan.reporting.links import overview_url, report_url
from greenplan.reporting.models import Indicator, Period, Report, ReportAttachment, ReportEvent
from greenplan.reporting.periods import parse_period_code
from greenplan.reporting.services import NARRATIVE_FIELDS, previous_values, stored_values


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


def report_context(user: User, unit_code: str, period_code: str,
                   action: Action = Action.VIEW) -> tuple[Unit, Period, Report | None]:
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


def newest_period() -> Period | None:
    """The newest open period, else the newest period, else None."""
    return periods_listed().filter(is_open=True).first() or periods_listed().first()


# --- The report pages: the user's list, the entry form's rows, the timeline ----------------------


def format_number(value: Decimal | None) -> str:
    """A value as Vietnamese (or English) text: 1.234,5 — no trailing zeros, "—" when empty."""
    if value is None:
        return "—"
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


def format_value(indicator: Indicator | None, value: Decimal | None) -> str:
    if value is not None and indicator is not None and indicator.type == Indicator.Type.YESNO:
        return _("Có") if value else _("Không")
    return format_number(value)


def input_text(value: Decimal | None) -> str:
    """A stored value as the entry form shows it: no grouping, a decimal comma the parser reads back."""
    if value is None:
        return ""
    value = value.normalize()
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return f"{value:f}".replace(".", ",")


@dataclass
class ReportListRow:
    """One report the user writes: its unit and period, its state, and whether it is late."""

    unit: Unit
    report: Report | None
    late: bool
    period: Period

    @property
    def state(self) -> str:
        return self.report.status if self.report else "missing"

    @property
    def state_label(self) -> str:
        return self.report.get_status_display() if self.report else _("Chưa có báo cáo")

    @property
    def sent(self) -> bool:
        """The superior has the report: submitted (waiting for approval) or approved."""
        return self.state in (Report.Status.SUBMITTED, Report.Status.APPROVED)

    @property
    def url(self) -> str:
        return report_url(self.unit, self.period)


@dataclass
class OverviewLink:
    unit: Unit
    period: Period

    @property
    def url(self) -> str:
        return overview_url(self.unit, self.period)


def reports_for_user(
    user: User, today: datetime.date | None = None
) -> tuple[list[ReportListRow], list[OverviewLink]]:
    """The reports of the units the user holds a role on directly, for every open period, and the
    superior units among them whose subordinates' reports the user follows; three queries."""
    today = today or timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user).select_related("unit__kind").order_by("unit__path")
    )
    periods = list(Period.objects.filter(is_open=True).order_by("-year", "-half"))
    reporting = [
        m.unit for m in memberships if m.rank >= ROLE_RANK[Role.REPORTER] and m.unit.depth > 1
    ]
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(unit__in=reporting, period__in=periods)
    } if reporting and periods else {}
    rows = []
    for period in periods:
        for unit in reporting:
            if unit.valid_from > period.end or (unit.valid_to and unit.valid_to <= period.start):
                continue
            report = reports.get((unit.pk, period.pk))
            first = report.first_submitted_at if report else None
            late = deadline_passed(period, first) if first else today > period.deadline
            rows.append(ReportListRow(unit, report, late, period))
    superiors = [m.unit for m in memberships if m.unit.numchild]
    links = [OverviewLink(unit, period) for period in periods for unit in superiors]
    return rows, links


@dataclass
class EntryField:
    """One indicator on the report page: its value as typed or stored, and what to say about it."""

    indicator: Indicator
    value: Decimal | None
    text: str
    display: str
    previous: str = ""
    error: str = ""
    warning: str = ""


@dataclass
class EntryGroup:
    number: int
    heading: str
    fields: list[EntryField]


def report_fields(
    unit: Unit,
    period: Period,
    report: Report | None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    warnings: dict[str, str] | None = None,
) -> list[EntryGroup]:
    """Every indicator the unit reports, grouped by task group 0–8 in catalogue order.

    `typed` holds what the user sent (shown back when the save was refused); six queries.
    """
    catalogue = V.catalogue_for(unit)
    stored = stored_values(report)
    values = V.derive(catalogue, stored)
    previous = V.derive(catalogue, previous_values(unit, period))
    typed, errors, warnings = typed or {}, errors or {}, warnings or {}
    groups: dict[int, EntryGroup] = {n: EntryGroup(n, group_heading(n), []) for n in GROUP_TITLES}
    for indicator in catalogue.indicators.values():
        code = indicator.code
        value = values.get(code)
        before = previous.get(code)
        group = groups.setdefault(indicator.group, EntryGroup(indicator.group, group_heading(indicator.group), []))
        group.fields.append(
            EntryField(
                indicator=indicator,
                value=value,
                text=typed[code] if code in typed else input_text(value),
                display=format_value(indicator, value),
                previous=format_value(indicator, before) if before is not None else "",
                error=errors.get(code, ""),
                warning=warnings.get(code, ""),
            )
        )
    return [groups[n] for n in sorted(groups) if groups[n].fields]


@dataclass
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    version: int
    kind: str
    kind_label: str
    by: str
    at: datetime.datetime | None
    comment: str = ""
    changes: list[ChangeLine] = field(default_factory=list)


def narrative_labels() -> dict[str, str]:
    fields = {f.name: f for f in Report._meta.fields}
    return {key: str(fields[key].verbose_name).capitalize() for key in NARRATIVE_FIELDS}


def _describe(entries: list[dict[str, Any]]) -> list[HistoryEntry]:
    """Timeline entries with indicator names and formatted values; one query for the names."""
    codes = {c["field"] for e in entries for c in e["changes"]}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)} if codes else {}
    narrative = narrative_labels()
    kinds = dict(ReportEvent.Kind.choices)
    described = []
    for e in entries:
        lines = []
        for change in e["changes"]:
            key = change["field"]
            if key in narrative:
                lines.append(ChangeLine(narrative[key], Truncator(change["old"] or "—").chars(160),
                                        Truncator(change["new"] or "—").chars(160)))
            elif key == "attachment":
                lines.append(ChangeLine(_("Tệp đính kèm"), change["old"] or "—", change["new"] or "—"))
            else:
                indicator = indicators.get(key)
                old = Decimal(change["old"]) if change["old"] is not None else None
                new = Decimal(change["new"]) if change["new"] is not None else None
                lines.append(ChangeLine(localized(indicator) if indicator else key,
                                        format_value(indicator, old), format_value(indicator, new)))
        described.append(HistoryEntry(e["version"], e["kind"], str(kinds.get(e["kind"], e["kind"])), e["by"],
                                      e["at"], e.get("comment", ""), lines))
    return described


def report_timeline(report: Report | None) -> list[HistoryEntry]:
    """The report's history, newest first; two queries."""
    if report is None:
        return []
    events = report.events.select_related("actor").order_by("-version", "-id")
    return _describe([
        {"version": e.version, "kind": e.kind, "by": str(e.actor) if e.actor else "—", "at": e.at,
         "comment": e.comment, "changes": e.changes}
        for e in events
    ])


def describe_stale(changes: list[dict[str, Any]]) -> list[HistoryEntry]:
    """StaleVersion.changes (what others did since the user's version) for the page's alert."""
    usernames = {c["by"] for c in changes if c.get("by")}
    names = {u.username: str(u) for u in User.objects.filter(username__in=usernames)} if usernames else {}
    return _describe([
        {**c, "by": names.get(c.get("by") or "", c.get("by") or "—"),
         "at": datetime.datetime.fromisoformat(c["at"]) if c.get("at") else None}
        for c in changes
    ])


def report_attachments(report: Report | None) -> list[ReportAttachment]:
    if report is None:
        return []
    return list(report.attachments.select_related("uploaded_by").order_by("uploaded_at", "id"))


def attachment_for_user(user: User, unit_code: str, period_code: str, pk: int) -> ReportAttachment:
    """An attachment of a report the user may see; 404 unknown, 403 outside scope."""
    _unit, _period, report = report_context(user, unit_code, period_code)
    attachment = ReportAttachment.objects.filter(pk=pk, report=report).first() if report else None
    if attachment is None:
        raise Http404(pk)
    return attachment
