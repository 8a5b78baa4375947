"""Reads for the UI shell: scope summaries and the first tree level.

They start from units already read through the user's scope (greenplan.accounts.selectors).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from greenplan.accounts.access import may_record_activity, role_at_least
from greenplan.accounts.models import Role, User
from greenplan.activities.models import Activity
from greenplan.activities.selectors import activities_between
from greenplan.orgs.models import Unit, UnitKind, UnitQuerySet, children_q
from greenplan.plans.duties import PlansMissing, plans_not_concretized
from greenplan.reporting.duties import Completeness, awaiting_approval, subtree_completeness
from greenplan.reporting.models import Period, Report
from greenplan.reporting.selectors import ReportListRow, reports_for_user


@dataclass
class KindCount:
    kind: UnitKind
    units: int


@dataclass
class SubtreeSummary:
    by_kind: list[KindCount] = field(default_factory=list)
    units: int = 0
    members: int = 0
    workers: int = 0


def subtree_summary(units: UnitQuerySet) -> SubtreeSummary:
    """Active units counted by kind, with members and workers summed, in one grouped query.

    Every unit records its own members and workers (a superior union's own staff, a grassroots
    union's members), so the subtree total is a plain sum.
    """
    kind_fields = ["kind_id", "kind__code", "kind__name", "kind__name_en", "kind__order"]
    rows = (
        units.active()
        .order_by()  # the default path ordering would split the groups
        .values(*kind_fields)
        .annotate(n=Count("pk"), members_sum=Sum("members"), workers_sum=Sum("workers"))
    )
    summary = SubtreeSummary()
    for row in rows:
        kind = UnitKind(
            pk=row["kind_id"], code=row["kind__code"], name=row["kind__name"],
            name_en=row["kind__name_en"], order=row["kind__order"],
        )
        summary.by_kind.append(KindCount(kind, row["n"]))
        summary.units += row["n"]
        summary.members += row["members_sum"] or 0
        summary.workers += row["workers_sum"] or 0
    summary.by_kind.sort(key=lambda kc: (kc.kind.order, kc.kind.code))
    return summary


def children_by_parent(parents: list[Unit], include_inactive: bool = False) -> dict[str, list[Unit]]:
    """Direct children of several units in one query, keyed by the parent's path."""
    if not parents:
        return {}
    q = Q()
    for parent in parents:
        q |= children_q(parent)
    qs = Unit.objects.filter(q)
    if not include_inactive:
        qs = qs.active()
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for unit in qs.select_related("kind", "sector").order_by("kind__order", "name"):
        grouped[unit.path[: -unit.steplen]].append(unit)
    return grouped



# --- the first screen: each role's duty ---------------------------------------------------------


@dataclass
class ReporterDuty:
    """The reports the user enters for the open periods (returned ones first) and the
    activities of their units in the newest open period."""

    rows: list[ReportListRow]
    period: Period | None
    activity_count: int = 0
    activities: list[Activity] = field(default_factory=list)
    activity_unit: Unit | None = None


@dataclass
class SuperiorDuty:
    """A superior unit of the user's scope: completeness of its whole subtree for each open
    period (newest first), the late units, and (for its admins) the units below it without a plan."""

    unit: Unit
    completeness: list[Completeness]
    plans: PlansMissing | None = None


@dataclass
class HomeDuties:
    reporter: ReporterDuty | None = None
    awaiting: int | None = None  # None: the user approves for no unit
    superiors: list[SuperiorDuty] = field(default_factory=list)


def _open_periods() -> list[Period]:
    return list(Period.objects.filter(is_open=True).order_by("-year", "-half"))


def home_duties(user: User, roots: list[Unit], today: datetime.date | None = None) -> HomeDuties:
    """What the first screen asks of the user, by the roles they hold (access.highest_role)."""
    today = today or timezone.localdate()
    duties = HomeDuties()
    periods = _open_periods()
    period = periods[0] if periods else None
    rows, _links = reports_for_user(user, today)
    if rows:
        rows.sort(key=lambda r: r.state != Report.Status.RETURNED)  # stable: periods stay newest first
        reporter = ReporterDuty(rows, period)
        units = list({row.unit.pk: row.unit for row in rows}.values())
        if period is not None:
            reporter.activity_count, reporter.activities = activities_between(units, period.start, period.end)
        reporter.activity_unit = next((u for u in units if may_record_activity(user, u)), None)
        duties.reporter = reporter
    approving = [root for root in roots if root.numchild and role_at_least(user, root, Role.APPROVER)]
    if approving:
        duties.awaiting = awaiting_approval(user).count()
    for root in approving:
        plans = plans_not_concretized(root) if role_at_least(user, root, Role.ADMIN) else None
        completeness = [subtree_completeness(root, p, today) for p in periods]
        duties.superiors.append(SuperiorDuty(root, completeness, plans))
    return duties
