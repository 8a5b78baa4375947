"""Reads of the organisation tree, always through the user's scope."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from greenplan.accounts.access import Action, may, scope_q
from greenplan.accounts.models import User
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitQuerySet, children_q


def unit_for_user(user: User, code: str, action: Action = Action.VIEW) -> Unit:
    """The unit with `code` if the user may act on it: 404 when unknown, 403 outside scope."""
    unit = Unit.objects.select_related("kind", "sector").filter(code=code.strip().upper()).first()
    if unit is None:
        raise Http404(code)
    if not may(user, action, unit):
        raise PermissionDenied
    return unit


def units_visible(user: User) -> UnitQuerySet:
    return Unit.objects.filter(scope_q(user)).select_related("kind", "sector")


def unit_children(unit: Unit, include_inactive: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(children_q(unit))
    if not include_inactive:
        qs = qs.active()
    return qs.select_related("kind", "sector").order_by("kind__order", "name")


def unit_ancestors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth"))


def unit_search(user: User, query: str, limit: int = 50) -> QuerySet[Unit]:
    """Units in the user's scope whose name or code contains every word, diacritics ignored."""
    words = fold(query).split()
    qs = units_visible(user).active()
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("depth", "name")[:limit]
