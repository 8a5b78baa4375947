"""Reads of the organisation tree that need no user (the scoped reads are in
greenplan.accounts.selectors: unit_for_user, units_visible, unit_search, breadcrumbs)."""

from django.db.models import QuerySet

from greenplan.orgs.models import Unit, children_q


def unit_children(unit: Unit, include_inactive: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(children_q(unit))
    if not include_inactive:
        qs = qs.active()
    return qs.select_related("kind", "sector").order_by("kind__order", "name")


def unit_ancestors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth"))
