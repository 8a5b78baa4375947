"""Reads through the user's scope: units the user may see, and accounts for the management screens."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from greenplan.accounts.access import Action, may, may_read_unit, scope_q
from greenplan.accounts.models import Membership, User
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitQuerySet
from greenplan.orgs.selectors import unit_ancestors


def users_in_admin_scope(actor: User, query: str | None = None) -> QuerySet[User]:
    """Accounts with at least one role on a unit the actor administers, with their roles prefetched.

    `query` matches the username, full name or e-mail (case-insensitive, each word).
    """
    ids = User.objects.filter(scope_q(actor, Action.ADMIN, prefix="memberships__unit__")).values("pk")
    qs = User.objects.filter(pk__in=ids)
    for word in (query or "").split():
        qs = qs.filter(
            Q(username__icontains=word) | Q(full_name__icontains=word) | Q(email__icontains=word)
        )
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("unit").order_by("unit__path"),
        )
    ).order_by("username")


def user_for_admin(actor: User, pk: int) -> User:
    """The account `pk` if it has a role in the actor's admin scope; 404 otherwise (existence hidden)."""
    user = users_in_admin_scope(actor).filter(pk=pk).first()
    if user is None:
        raise Http404("no such account in your scope")
    return user


def units_by_code(codes: list[str]) -> dict[str, Unit]:
    """Units keyed by their (upper-case) code, in one query; unknown codes are simply missing."""
    wanted = {code.strip().upper() for code in codes if code and code.strip()}
    return {unit.code: unit for unit in Unit.objects.filter(code__in=wanted)}


def unit_by_code(code: str) -> Unit | None:
    return units_by_code([code]).get((code or "").strip().upper())


def account_home_unit(user: User) -> Unit | None:
    """The unit a change to an account is logged under: the highest unit the user has a role on.
    Whoever may manage the account administers it (see services.user_manageable)."""
    membership = Membership.objects.filter(user=user).select_related("unit").order_by("unit__depth", "unit__path")
    first = membership.first()
    return first.unit if first is not None else None


# --- units through the user's scope -------------------------------------------------------------


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

def unit_search(user: User, query: str, limit: int = 50) -> UnitQuerySet:
    """Units in the user's scope whose name or code contains every word, diacritics ignored."""
    words = fold(query).split()
    qs = units_visible(user).active()
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("depth", "name")[:limit]


def breadcrumbs(user: User, unit: Unit) -> list[Unit]:
    """The unit's ancestors the user may see: a reporter never learns the names above their scope."""
    return [a for a in unit_ancestors(unit) if may_read_unit(user, a)]
