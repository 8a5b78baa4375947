"""Reads through the user's scope: units the user may see, and accounts for the management screens."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from greenplan.accounts.access import Action, may, may_read_unit, scope_q
from greenplan.accounts.models import Membership, User
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitQuerySet, subtree_q
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


# The account list's sort keys (the `sort` parameter; a leading "-" reverses) and their columns.
ACCOUNT_SORTS: dict[str, tuple[str, ...]] = {
    "username": ("username",),
    "name": ("full_name", "username"),
    "unit": ("first_unit_path", "username"),
    "active": ("-is_active", "username"),
    "joined": ("date_joined", "username"),
}


@dataclass(frozen=True)
class AccountFilter:
    """What the account list asks for; `unit` is already checked to be in the actor's admin scope."""

    query: str = ""
    role: str = ""
    unit: Unit | None = None
    active: bool | None = None
    sort: str = "username"


def _reversed(column: str) -> str:
    return column[1:] if column.startswith("-") else f"-{column}"


def account_order(sort: str) -> tuple[str, ...]:
    """The ORDER BY of a sort key; an unknown key sorts by username."""
    descending = sort.startswith("-")
    columns = ACCOUNT_SORTS.get(sort.lstrip("-"), ACCOUNT_SORTS["username"])
    return tuple(_reversed(c) for c in columns) if descending else columns


def accounts_listed(actor: User, wanted: AccountFilter) -> QuerySet[User]:
    """The account list: accounts in the actor's admin scope, searched, filtered and sorted in SQL.

    Each word of `query` must match, diacritics and case ignored, the username, full name,
    e-mail, or the name or code of a unit the account has a role on. `role` and `unit` keep the
    accounts holding that role / a role on that unit's subtree (both on the same role when given).
    """
    qs = users_in_admin_scope(actor)
    for word in fold(wanted.query).split():
        unit_match = Membership.objects.filter(user=OuterRef("pk"), unit__search_text__contains=word)
        qs = qs.filter(
            Q(search_text__contains=word) | Q(username__icontains=word) | Q(email__icontains=word)
            | Exists(unit_match)
        )
    if wanted.role or wanted.unit is not None:
        held = Membership.objects.filter(user=OuterRef("pk"))
        if wanted.role:
            held = held.filter(role=wanted.role)
        if wanted.unit is not None:
            held = held.filter(subtree_q(wanted.unit.path, prefix="unit__"))
        qs = qs.filter(Exists(held))
    if wanted.active is not None:
        qs = qs.filter(is_active=wanted.active)
    first_unit = Membership.objects.filter(user=OuterRef("pk")).order_by("unit__path").values("unit__path")[:1]
    return qs.annotate(first_unit_path=Subquery(first_unit)).order_by(*account_order(wanted.sort))


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
