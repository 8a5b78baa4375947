"""Reads of accounts for the management screens, always through the actor's admin scope."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from greenplan.accounts.access import Action, scope_q
from greenplan.accounts.models import Membership, User
from greenplan.orgs.models import Unit


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
