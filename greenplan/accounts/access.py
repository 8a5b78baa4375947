"""The one place that decides what a user may do.

A role held on a unit applies to the unit's whole subtree. Approving is a superior's act:
it needs the approver role on a strict ancestor, never on the unit itself. The units above a
user's units are not in their scope, but their plans are readable: those are the plans the
user's units concretize.

Pages, the API, services and templates ask the functions named by what they decide
(`may_read_plan`, `may_approve_report`, `may_edit_settings`, …); `may`/`require` with an
`Action` are the primitive they are built on, and `scope_q` filters querysets the same way.
`greenplan/tests/test_access_matrix.py` holds every URL × persona answer in one table.
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


def role_at_least(user: User, unit: Unit, role: Role) -> bool:
    """The user holds `role`, or a stronger one, on the unit or above it."""
    return any(rank >= ROLE_RANK[role] and unit.path.startswith(path) for path, rank in grants(user))


def deny_unless(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied (403 on pages and in the API) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


# --- who: the whole system ----------------------------------------------------------------------


def is_root_admin(user: User) -> bool:
    """The user administers a root unit (the province, or the national federation)."""
    return any(rank >= REQUIRED_RANK[Action.ADMIN] and len(path) == Unit.steplen for path, rank in grants(user))


def may_edit_settings(user: User) -> bool:
    """Catalogue, rules, periods and classification are system-wide: only a root unit's admins."""
    return is_root_admin(user)


def require_settings_editor(user: User) -> User:
    """The user, when they may edit the system-wide settings; PermissionDenied otherwise."""
    deny_unless(may_edit_settings(user))
    return user


# --- units, plans, reports, activities ------------------------------------------------------------


def may_read_unit(user: User, unit: Unit) -> bool:
    """The unit is in the user's scope: its page, dashboard, reports, activities, overview."""
    return may(user, Action.VIEW, unit)


def is_above_user(user: User, unit: Unit) -> bool:
    """The unit is a strict superior of one of the user's units."""
    return any(path.startswith(unit.path) and path != unit.path for path, _rank in grants(user))


def may_read_plan(user: User, unit: Unit) -> bool:
    """The unit's plan: its scope, and the units above it — the plans its units concretize."""
    return may_read_unit(user, unit) or is_above_user(user, unit)


def may_edit_plan(user: User, unit: Unit) -> bool:
    return may(user, Action.REPORT, unit)


def may_edit_report(user: User, unit: Unit) -> bool:
    """Enter, save, submit the unit's report and its files: the reporter role on it or above it."""
    return may(user, Action.REPORT, unit)


def may_draft_compiled_report(user: User, unit: Unit) -> bool:
    """Edit the drafted sections of the unit's compiled report (the document it sends upward):
    whoever may enter the unit's own report."""
    return may_edit_report(user, unit)


def may_approve_report(user: User, unit: Unit) -> bool:
    """Approve, return or reopen the unit's report: the approver role on a strict ancestor."""
    return may(user, Action.APPROVE, unit)


def approval_scope_q(user: User, prefix: str = "") -> Q:
    """A filter for the units whose reports the user may approve (`may_approve_report`): the
    strict subtrees of the units they hold the approver role (or a stronger one) on."""
    needed = REQUIRED_RANK[Action.APPROVE]
    q = Q(pk__in=[])
    for path, rank in grants(user):
        if rank >= needed:
            q |= subtree_q(path, prefix) & ~Q(**{f"{prefix}path": path})
    return q


def may_approve_any(user: User) -> bool:
    """The user holds the approver role (or a stronger one) somewhere: the approval queue is theirs."""
    return any(rank >= REQUIRED_RANK[Action.APPROVE] for _path, rank in grants(user))
def may_download_template(user: User, unit: Unit) -> bool:
    """The unit's Excel template for a period: whoever may enter its report."""
    return may_edit_report(user, unit)


def may_collect_templates(user: User, unit: Unit) -> bool:
    """The templates of every unit below `unit` at once (.zip): whoever approves their reports,
    i.e. the approver role on the unit or above it."""
    needed = REQUIRED_RANK[Action.APPROVE]
    return any(rank >= needed and unit.path.startswith(path) for path, rank in grants(user))


def may_remind(user: User, unit: Unit) -> bool:
    """Remind the unit's reporters of a missing report: whoever approves it."""
    return may_approve_report(user, unit)


def may_remind_below(user: User, unit: Unit) -> bool:
    """Remind some unit below `unit` (may_remind on its subordinates): the approver role on the
    unit itself or above it. Decides whether the overview offers "remind all"."""
    needed = REQUIRED_RANK[Action.APPROVE]
    return any(rank >= needed and unit.path.startswith(path) for path, rank in grants(user))


def may_record_activity(user: User, unit: Unit) -> bool:
    return may(user, Action.REPORT, unit)


# --- accounts -----------------------------------------------------------------------------------


def may_manage_accounts(user: User, unit: Unit | None = None) -> bool:
    """Create and change accounts with roles on `unit` (its admins and above); without a unit,
    whether the user administers any unit, i.e. may open the account screens."""
    if unit is None:
        return any(rank >= REQUIRED_RANK[Action.ADMIN] for _path, rank in grants(user))
    return may(user, Action.ADMIN, unit)


def roles_grantable(actor: User, unit: Unit) -> list[Role]:
    """Roles the actor may give on `unit`: none unless they administer it, never above their own."""
    if not may_manage_accounts(actor, unit):
        return []
    own = highest_role(actor, unit)
    own_rank = ROLE_RANK[own] if own is not None else 0
    return [role for role, rank in ROLE_RANK.items() if rank <= own_rank]


def may_manage_user(actor: User, user: User, memberships: list[Membership] | None = None) -> bool:
    """The actor administers every unit the user has a role on (and the user has one).

    `memberships` lets a list page pass the roles it already loaded; they must be all of the
    user's roles, unfiltered. Services never pass it: they decide on a fresh read.
    """
    if user.is_superuser or user.is_staff:
        return False
    if memberships is None:
        # Not user.memberships: a prefetch cache on `user` (perhaps filtered) must not decide this.
        memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    if not memberships:
        return False
    return all(may_manage_accounts(actor, m.unit) for m in memberships)


def reporting_grant_path(user: User, unit: Unit) -> str | None:
    """The path of the nearest unit at or above `unit` on which the user holds the reporter role
    or a stronger one (None without such a role): where a right to enter the report comes from."""
    needed = REQUIRED_RANK[Action.REPORT]
    paths = [path for path, rank in grants(user) if rank >= needed and unit.path.startswith(path)]
    return max(paths, key=len) if paths else None


def audit_scope(user: User) -> tuple[list[str], bool]:
    """What of the audit log the user may read: the top paths of the subtrees they administer,
    and whether entries that belong to no unit (settings, tokens, jobs) are included — only for
    the admins of a root unit. Nothing at all for a user who administers no unit."""
    paths = sorted(path for path, rank in grants(user) if rank >= REQUIRED_RANK[Action.ADMIN])
    tops = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    return tops, is_root_admin(user)


# --- emulation and commendation -----------------------------------------------------------------


def may_edit_emulation_sheet(user: User) -> bool:
    """Change a movement's yearly scoring sheet (criteria, conditions, award levels): the province,
    a root unit's admins, as for the other system-wide settings."""
    return is_root_admin(user)


def may_self_score(user: User, unit: Unit) -> bool:
    """Register the unit in a movement, self-score it, attach evidence, submit: its reporters
    (or stronger roles on it or above it), as for its report."""
    return may(user, Action.REPORT, unit)


def is_direct_superior(user: User, unit: Unit) -> bool:
    """The approver role (or admin) held on the unit's parent itself — not further up: the
    direct superior verifies emulation scores (`may_verify_scores`)."""
    if len(unit.path) <= Unit.steplen:
        return False
    parent = unit.path[: -Unit.steplen]
    return any(path == parent and rank >= REQUIRED_RANK[Action.APPROVE] for path, rank in grants(user))


def may_verify_scores(user: User, unit: Unit) -> bool:
    """Adjust and confirm the unit's emulation scores: its direct superior only."""
    return is_direct_superior(user, unit)


def may_propose(user: User, proposer: Unit, unit: Unit) -> bool:
    """Propose to commend `unit` (or a person in it) or to sanction an employer where it works,
    in the name of `proposer`: the approver role on `proposer` or above it, and `unit` strictly
    inside `proposer`'s subtree."""
    if not (unit.path.startswith(proposer.path) and unit.path != proposer.path):
        return False
    return any(proposer.path.startswith(path) and rank >= REQUIRED_RANK[Action.APPROVE]
               for path, rank in grants(user))


def may_decide_proposals(user: User, unit: Unit) -> bool:
    """Approve or reject proposals about `unit`, and export the list: the province — the
    approver role (or admin) on the root unit above it."""
    root = unit.path[: Unit.steplen]
    return any(path == root and rank >= REQUIRED_RANK[Action.APPROVE] for path, rank in grants(user))
# --- the green-jobs survey ----------------------------------------------------------------------


def may_manage_surveys(user: User, unit: Unit) -> bool:
    """Create a questionnaire organised by `unit`, open or close it: the unit's admins."""
    return may(user, Action.ADMIN, unit)


def may_edit_survey_questions(user: User, organiser: Unit) -> bool:
    """Define a survey's own questions (add, change, reorder, delete): those who may create the
    survey, the organiser's admins."""
    return may_manage_surveys(user, organiser)


def may_see_survey(user: User, organiser: Unit) -> bool:
    """A survey is listed to the organiser's scope and to the units below it, which distribute
    it to their workers."""
    return may_read_unit(user, organiser) or is_above_user(user, organiser)


def may_read_survey_results(user: User, unit: Unit) -> bool:
    """The answers collected in the unit's subtree (counts only: answers are anonymous)."""
    return may_read_unit(user, unit)


def may_share_survey_link(user: User, unit: Unit) -> bool:
    """The unit's public answer link and its poster: whoever sees the unit."""
    return may_read_unit(user, unit)
# --- good practices (the library of seed item 3.5) ------------------------------------------------


def may_browse_practices(user: User) -> bool:
    """The published practices: everyone signed in, whatever their unit."""
    return bool(user.is_authenticated and user.is_active)


def may_propose_practice(user: User, unit: Unit) -> bool:
    """Propose a practice of `unit`, or change it until it is published: the reporter role on it or above."""
    return may(user, Action.REPORT, unit)


def may_review_practice(user: User, unit: Unit) -> bool:
    """Publish a practice of `unit` or return it: the approver role on a strict ancestor (its
    superior, the province), never on the unit itself."""
    return may(user, Action.APPROVE, unit)


def may_read_practice(user: User, unit: Unit, published: bool) -> bool:
    """A practice and its files: everyone signed in once published; before that, the unit's scope."""
    return may_browse_practices(user) if published else may_read_unit(user, unit)
