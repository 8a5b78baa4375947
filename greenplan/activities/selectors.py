"""Reads of activities, always through the user's scope, with a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from greenplan.accounts.access import Action
from greenplan.accounts.models import User
from greenplan.accounts.selectors import unit_for_user
from greenplan.activities.models import Activity, Evidence
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitKind, subtree_q
from greenplan.plans.models import PlanItem


def _whose(unit: Unit, subtree: bool) -> Q:
    return subtree_q(unit.path, "unit__") if subtree else Q(unit=unit)


def unit_activities(unit: Unit, *, item_id: int | None = None, year: int | None = None,
                    subtree: bool = False) -> QuerySet[Activity]:
    """The unit's activities (with `subtree`, those of every unit below it too), newest first, with
    their unit, item and files (three queries for any length).

    Callers have checked the user may view the unit (see activity_unit): the scope reaches down."""
    qs = (
        Activity.objects.filter(_whose(unit, subtree))
        .select_related("unit", "item", "recorded_by")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("id")))
        .order_by("-start_on", "-id")
    )
    if item_id is not None:
        qs = qs.filter(item_id=item_id)
    if year is not None:
        # A date range rather than __year: it uses the (unit, start_on) index on every database.
        qs = qs.filter(start_on__gte=datetime.date(year, 1, 1), start_on__lte=datetime.date(year, 12, 31))
    return qs


# The list's sort keys (a leading "-" reverses) and their columns; the newest first by default.
ACTIVITY_SORTS: dict[str, tuple[str, ...]] = {
    "date": ("start_on", "id"),
    "title": ("search_text", "id"),  # folded, title first: "Đối thoại" sorts with D, not after Z
    "participants": ("participants", "id"),
    "cost": ("cost", "id"),
    "unit": ("unit__path", "-start_on", "-id"),
}


@dataclass(frozen=True)
class ActivityFilter:
    """What the activity list asks for. `item_id` is an item of the unit's own plan; `group` matches
    the items of every unit's plan (group "3"), so it works over a subtree; `unit_kind` is the kind
    of the activity's unit (a level of the subtree)."""

    subtree: bool = False
    query: str = ""
    item_id: int | None = None
    group: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    unit_kind: UnitKind | None = None
    sort: str = "-date"


def _order(sort: str) -> tuple[str, ...]:
    columns = ACTIVITY_SORTS.get(sort.lstrip("-"), ACTIVITY_SORTS["date"])
    if not sort.startswith("-"):
        return columns
    return tuple(c[1:] if c.startswith("-") else f"-{c}" for c in columns)


def activities_listed(unit: Unit, wanted: ActivityFilter) -> QuerySet[Activity]:
    """The activity list, searched (every word, diacritics and case ignored, in the title, content,
    findings, or the unit's name and code), filtered and sorted in SQL; page it with a Paginator.
    With its unit, item and files: three queries a page. Callers have checked the user may view
    the unit: the scope reaches down."""
    qs = Activity.objects.filter(_whose(unit, wanted.subtree))
    for word in fold(wanted.query).split():
        qs = qs.filter(Q(search_text__contains=word) | Q(unit__search_text__contains=word))
    if wanted.item_id is not None:
        qs = qs.filter(item_id=wanted.item_id)
    if wanted.group:
        qs = qs.filter(item__group__code=wanted.group)
    if wanted.date_from is not None:
        qs = qs.filter(start_on__gte=wanted.date_from)
    if wanted.date_to is not None:
        qs = qs.filter(start_on__lte=wanted.date_to)
    if wanted.unit_kind is not None:
        qs = qs.filter(unit__kind=wanted.unit_kind)
    return (
        qs.select_related("unit", "item", "recorded_by")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("id")))
        .order_by(*_order(wanted.sort))
    )


def activity_totals(activities: QuerySet[Activity]) -> dict[str, int]:
    """How many, people taking part and cost over the whole filtered list, in one query."""
    totals = activities.order_by().aggregate(n=Count("id"), people=Sum("participants"), money=Sum("cost"))
    return {key: value or 0 for key, value in totals.items()}


def subtree_kinds(unit: Unit) -> list[UnitKind]:
    """The kinds of the units strictly below `unit`: the levels the subtree list filters on."""
    below = Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth)
    return list(UnitKind.objects.filter(pk__in=below.order_by().values("kind_id")).order_by("order", "name"))


def activity_years(unit: Unit, *, subtree: bool = False) -> list[int]:
    """The years in which the unit (or its subtree) recorded activities, newest first (for the filter)."""
    years = (
        Activity.objects.filter(_whose(unit, subtree)).annotate(y=ExtractYear("start_on"))
        .values_list("y", flat=True).distinct()
    )
    return sorted(set(years), reverse=True)


def activity_unit(user: User, code: str, action: Action = Action.VIEW) -> Unit:
    """The unit `code` if the user may act on it: 404 when unknown, 403 outside scope or role."""
    return unit_for_user(user, code, action)


def activity_of(unit: Unit, pk: int) -> Activity:
    """An activity of that unit (404 otherwise: another unit's activity is never reached by its id)."""
    activity = Activity.objects.select_related("unit", "item__plan").filter(pk=pk, unit=unit).first()
    if activity is None:
        raise Http404(pk)
    return activity


def evidence_of(unit: Unit, activity_pk: int, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, activity_id=activity_pk, activity__unit=unit).first()
    if evidence is None:
        raise Http404(pk)
    return evidence


def current_items(unit: Unit) -> list[PlanItem]:
    """Items of the unit's current plan, in document order, for the forms and the filter."""
    return list(
        PlanItem.objects.filter(plan__unit=unit, plan__superseded_at__isnull=True)
        .select_related("plan")
        .order_by("order", "id")
    )



def activities_between(units: list[Unit], start: datetime.date, end: datetime.date,
                       limit: int = 10) -> tuple[int, list[Activity]]:
    """Activities of the units done between `start` and `end` (a period): how many, and the
    newest `limit` of them with their unit and item; two queries. Callers pass units in scope."""
    qs = Activity.objects.filter(unit__in=units, start_on__gte=start, start_on__lte=end)
    return qs.count(), list(qs.select_related("unit", "item").order_by("-start_on", "-id")[:limit])
