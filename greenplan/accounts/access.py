"""The one place that decides what a user may do to a unit.

A role held on a unit applies to the unit's whole subtree. Approving is a superior's act:
it needs the approver role on a strict ancestor, never on the unit itself.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from greenplan.accounts.models import ROLE_RANK, Membership, Role, User
from greenplan.orgs.models import Unit, subtree_q


class Action(StrEnum):
    VIEW = "view"
    REPORT = "report"
    APPROVE = "approve"
    ADMIN = "admin"


REQUIRED_RANK = {
    Action.VIEW: ROLE_RANK[Role.VIEWER],
    Action.REPORT: ROLE_RANK[Role.REPORTER],
    Action.APPROVE: ROLE_RANK[Role.APPROVER],
    Action.ADMIN: ROLE_RANK[Role.ADMIN],
}

_CACHE_ATTR = "_greenplan_grants"


def grants(user: User) -> list[tuple[str, int]]:
    """(unit path, role rank) pairs of the user's memberships, cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if not user.is_authenticated or not user.is_active:
            cached = []
        else:
            cached = [
                (path, ROLE_RANK[Role(role)])
                for path, role in Membership.objects.filter(user=user).values_list("unit__path", "role")
            ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def may(user: User, action: Action, unit: Unit) -> bool:
    needed = REQUIRED_RANK[action]
    for path, rank in grants(user):
        if rank < needed or not unit.path.startswith(path):
            continue
        if action == Action.APPROVE and unit.path == path:
            continue
        return True
    return False


def require(user: User, action: Action, unit: Unit) -> None:
    if not may(user, action, unit):
        raise PermissionDenied


def scope_q(user: User, action: Action = Action.VIEW, prefix: str = "") -> Q:
    """A filter for the units the user may act on; `prefix` names the path's relation."""
    needed = REQUIRED_RANK[action]
    paths = sorted(path for path, rank in grants(user) if rank >= needed)
    roots: list[str] = []
    for path in paths:  # a grant inside another one adds nothing
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for root in roots:
        q |= subtree_q(root, prefix)
    return q


def scope_roots(user: User) -> list[Unit]:
    """The top units of the user's scope, for navigation."""
    paths = sorted(path for path, _rank in grants(user))
    roots = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    return list(Unit.objects.filter(path__in=roots).select_related("kind").order_by("path"))


def highest_role(user: User, unit: Unit) -> Role | None:
    best = 0
    for path, rank in grants(user):
        if unit.path.startswith(path):
            best = max(best, rank)
    for role, rank in ROLE_RANK.items():
        if rank == best:
            return role
    return None


def may_configure(user: User) -> bool:
    """Catalogue, periods and other system-wide settings belong to the admins of a root unit."""
    return any(rank >= REQUIRED_RANK[Action.ADMIN] and len(path) == Unit.steplen for path, rank in grants(user))


def is_above_user(user: User, unit: Unit) -> bool:
    """The unit is a superior of one of the user's units: its published plan is theirs to follow."""
    return any(path.startswith(unit.path) for path, _rank in grants(user))


def audit_scope(user: User) -> tuple[list[str], bool]:
    """What of the audit log the user may read: the top paths of the subtrees they administer,
    and whether entries that belong to no unit (settings, tokens, jobs) are included — only for
    the admins of a root unit. Nothing at all for a user who administers no unit."""
    paths = sorted(path for path, rank in grants(user) if rank >= REQUIRED_RANK[Action.ADMIN])
    tops = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    return tops, may_configure(user)
