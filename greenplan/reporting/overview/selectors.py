"""The overview's list at scale: any scope of a superior's subtree, searched, filtered, sorted and
paged in SQL.

A province has up to ~9,000 units that report; the page must cost a fixed number of queries and
never build a Python row per unit. Each unit is joined to its report of the period (one at most,
`report_unit_period`), its state and lateness are SQL expressions, and the counts are one
aggregate over the whole scope.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OrderBy,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitKind, children_q
from greenplan.reporting.expected import active_during, expected_units
from greenplan.reporting.models import Period, Report

PAGE_SIZE = 50
SCOPE_CHILDREN, SCOPE_ALL = "children", "all"
STATES = ("missing", "draft", "returned", "submitted", "approved")
FILTERS = ("all", "missing", "late", "waiting")
SORTS = ("name", "status", "submitted", "late")
SENT = (Report.Status.SUBMITTED, Report.Status.APPROVED)


@dataclass(frozen=True)
class ListQuery:
    """What the user asked for, already checked: unknown values fall back to the defaults."""

    scope: str = SCOPE_CHILDREN  # "children", "all" or a UnitKind code (one level of the tree)
    show: str = "all"
    q: str = ""
    sort: str = "name"
    descending: bool = False

    @property
    def sort_param(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort


def parse_query(params: dict[str, str], kinds: list[UnitKind]) -> ListQuery:
    """The list parameters from a query string; anything unknown becomes the default."""
    scope = params.get("scope", SCOPE_CHILDREN)
    if scope not in (SCOPE_CHILDREN, SCOPE_ALL) and scope not in {k.code for k in kinds}:
        scope = SCOPE_CHILDREN
    show = params.get("show", "all")
    sort = params.get("sort", "name")
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    if sort not in SORTS:
        sort, descending = "name", False
    return ListQuery(scope=scope, show=show if show in FILTERS else "all",
                     q=" ".join(params.get("q", "").split())[:100], sort=sort, descending=descending)


def first_late_instant(period: Period) -> datetime.datetime:
    """A report first sent at or after this instant is late: the day after the deadline begins,
    in the site's time zone (the rule of selectors.deadline_passed, written for SQL)."""
    day = period.deadline + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def scope_units(unit: Unit, period: Period, scope: str) -> QuerySet[Unit]:
    """The units listed: the direct subordinates, every unit below that reports, or one kind."""
    if scope == SCOPE_CHILDREN:
        return Unit.objects.filter(active_during(period), children_q(unit))
    below = expected_units(period, within=unit).exclude(pk=unit.pk)
    return below if scope == SCOPE_ALL else below.filter(kind__code=scope)


def kinds_below(unit: Unit, period: Period) -> list[UnitKind]:
    """The kinds of the units that report below `unit`, for the "one level" choice; one query."""
    used = expected_units(period, within=unit).exclude(pk=unit.pk).values("kind_id")
    return list(UnitKind.objects.filter(pk__in=used).order_by("order", "code"))


def with_status(units: QuerySet[Unit], period: Period, today: datetime.date) -> QuerySet[Unit]:
    """Each unit with its report's state ("missing" without one), first sending and lateness."""
    overdue = today > period.deadline
    return units.annotate(
        rep=FilteredRelation("reports", condition=Q(reports__period=period)),
        state=Coalesce(F("rep__status"), Value("missing")),
        sent_at=F("rep__first_submitted_at"),
        report_version=F("rep__version"),
        late=Case(
            When(rep__first_submitted_at__isnull=False,
                 then=ExpressionWrapper(Q(rep__first_submitted_at__gte=first_late_instant(period)),
                                        output_field=BooleanField())),
            default=Value(overdue),
            output_field=BooleanField(),
        ),
    )


def _filtered(units: QuerySet[Unit], query: ListQuery) -> QuerySet[Unit]:
    if query.show == "missing":
        units = units.exclude(state__in=SENT)
    elif query.show == "late":
        units = units.filter(late=True)
    elif query.show == "waiting":
        units = units.filter(state=Report.Status.SUBMITTED)
    for word in fold(query.q).split():
        units = units.filter(search_text__contains=word)
    return units


def _ordered(units: QuerySet[Unit], query: ListQuery) -> QuerySet[Unit]:
    """Sorted in SQL; the unit's code breaks ties so pages never overlap."""
    desc = query.descending
    keys: list[str | OrderBy]
    if query.sort == "status":
        rank = Case(*[When(state=s, then=Value(i)) for i, s in enumerate(STATES)], output_field=IntegerField())
        units = units.annotate(state_rank=rank)
        keys = [F("state_rank").desc() if desc else F("state_rank").asc(), "name"]
    elif query.sort == "submitted":
        at = F("sent_at")
        keys = [at.desc(nulls_last=True) if desc else at.asc(nulls_last=True), "name"]
    elif query.sort == "late":
        # Days late: the unsent ones are late by today - deadline, more than any sent one; among
        # the sent ones the later the first sending, the later.
        at = F("sent_at")
        order: list[str | OrderBy] = [F("late").desc(), at.desc(nulls_first=True), "name"]
        keys = [F("late").asc(), at.asc(nulls_last=True), "name"] if desc else order
    else:
        # By level first (the superiors before their grassroots units), then by name.
        keys = ["-kind__order", "-name"] if desc else ["kind__order", "name"]
    return units.order_by(*keys, "code")


@dataclass
class ScopeRow:
    """One unit of the list: what the overview and its download show."""

    unit: Unit
    state: str
    sent_at: datetime.datetime | None
    late: bool
    days_late: int = 0
    may_open: bool = True

    @property
    def sent(self) -> bool:
        return self.state in SENT

    @property
    def state_label(self) -> str:
        if self.state == "missing":
            return _("Chưa có báo cáo")
        if self.state == Report.Status.SUBMITTED:
            return _("Chờ duyệt")
        return str(Report.Status(self.state).label)


@dataclass
class ScopeCounts:
    total: int = 0
    late: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @property
    def sent(self) -> int:
        return self.by_state["submitted"] + self.by_state["approved"]

    @property
    def not_sent(self) -> int:
        return self.total - self.sent

    @property
    def percent(self) -> int:
        return round(100 * self.sent / self.total) if self.total else 0


def scope_counts(units: QuerySet[Unit]) -> ScopeCounts:
    """Counts per state and of late units over the whole scope; one aggregate query."""
    agg = units.aggregate(
        total=Count("pk"),
        late_n=Count("pk", filter=Q(late=True)),
        **{f"n_{s}": Count("pk", filter=Q(state=s)) for s in STATES},
    )
    return ScopeCounts(total=agg["total"], late=agg["late_n"], by_state={s: agg[f"n_{s}"] for s in STATES})


def days_late(period: Period, sent_at: datetime.datetime | None, today: datetime.date) -> int:
    end = timezone.localtime(sent_at).date() if sent_at else today
    return max(0, (end - period.deadline).days)


def scope_list(unit: Unit, period: Period, query: ListQuery, today: datetime.date | None = None) -> QuerySet[Unit]:
    """The filtered, searched and sorted scope as a queryset (page it, or stream it to a file)."""
    today = today or timezone.localdate()
    units = with_status(scope_units(unit, period, query.scope), period, today)
    return _ordered(_filtered(units, query), query).select_related("kind")


def scope_totals(unit: Unit, period: Period, scope: str, today: datetime.date | None = None) -> ScopeCounts:
    today = today or timezone.localdate()
    return scope_counts(with_status(scope_units(unit, period, scope), period, today))


def as_rows(units: list[Unit], period: Period, today: datetime.date | None = None) -> list[ScopeRow]:
    today = today or timezone.localdate()
    return [
        ScopeRow(u, u.state, u.sent_at, u.late, days_late(period, u.sent_at, today) if u.late else 0)
        for u in units
    ]
