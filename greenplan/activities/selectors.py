"""Reads of activities, always through the user's scope, with a fixed number of queries."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from greenplan.accounts.access import Action
from greenplan.accounts.models import User
from greenplan.accounts.selectors import unit_for_user
from greenplan.activities.models import Activity, Evidence
from greenplan.orgs.models import Unit, subtree_q
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
