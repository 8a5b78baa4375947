"""Reads of action plans, always through the user's scope, with a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action, may_read_plan, require
from greenplan.accounts.models import User
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, subtree_q
from greenplan.orgs.selectors import unit_children
from greenplan.plans.models import Plan, PlanItem, PlanTarget
from greenplan.reporting.models import Indicator


class PlanNotFound(Http404):
    """The unit exists and is in scope but has no plan (or no such revision)."""


def plans_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related("unit", "parent_plan__unit", "previous_revision")


def plan_of(unit: Unit, revision: int | None = None) -> Plan | None:
    """The unit's current plan, or the given revision of it (earlier revisions are kept)."""
    qs = plans_queryset().filter(unit=unit)
    if revision is None:
        return qs.filter(superseded_at__isnull=True).first()
    return qs.filter(revision=revision).first()


def plan_unit_for_user(user: User, code: str) -> Unit:
    """The unit `code` if the user may read its plan (access.may_read_plan: their scope and the
    units above it): 404 when unknown, 403 otherwise. The plan page and the API both ask this."""
    unit = Unit.objects.select_related("kind", "sector").filter(code=code.strip().upper()).first()
    if unit is None:
        raise Http404(code)
    if not may_read_plan(user, unit):
        raise PermissionDenied
    return unit


def plan_items(plan: Plan) -> QuerySet[PlanItem]:
    """The plan's items in document order, with what a listing shows (no query per item)."""
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("group", "parent_item")
        .prefetch_related(
            Prefetch("targets", PlanTarget.objects.select_related("indicator", "period")),
            Prefetch("indicators", Indicator.objects.only("id", "code").order_by("code")),
        )
        .order_by("order", "id")
    )


# --- what a lower plan changed ------------------------------------------------------------------


@dataclass
class PlanDiff:
    changed: list[tuple[PlanItem, PlanItem]] = field(default_factory=list)  # (item, superior item)
    added: list[PlanItem] = field(default_factory=list)  # own initiatives
    left_out: list[PlanItem] = field(default_factory=list)  # superior items nobody concretizes
    same: list[PlanItem] = field(default_factory=list)  # concretized with the superior's words


def plan_diff(plan: Plan) -> PlanDiff:
    """How a lower plan differs from the superior plan it concretizes. Two queries."""
    diff = PlanDiff()
    items = list(PlanItem.objects.filter(plan=plan).select_related("parent_item").order_by("order", "id"))
    covered = set()
    for item in items:
        parent = item.parent_item
        if parent is None:
            diff.added.append(item)
            continue
        covered.add(parent.pk)
        if parent.text.strip() != item.text.strip() or parent.title.strip() != item.title.strip():
            diff.changed.append((item, parent))
        else:
            diff.same.append(item)
    if plan.parent_plan_id is not None:
        diff.left_out = list(
            PlanItem.objects.filter(plan_id=plan.parent_plan_id).exclude(pk__in=covered).order_by("order", "id")
        )
    return diff


# --- coverage: who concretized what -------------------------------------------------------------


def activity_counts(item_ids: list[int]) -> dict[int, int]:
    """Activities recorded directly against each plan item: {item id: count}, one grouped query.

    Direct counts only: coverage adds a subordinate's count on its concretizing items to the
    superior item, so counting those here as well would count them twice.
    """
    # Through the reverse side of Activity.item: activities sit above plans (no import of them here).
    if not item_ids:
        return {}
    rows = PlanItem.objects.filter(pk__in=item_ids).annotate(n=Count("activities")).values_list("pk", "n")
    return {pk: n for pk, n in rows if n}


def activity_counts_in_plans(plan_ids: list[int]) -> dict[int, int]:
    """activity_counts() for every item of the given plans: {item id: count}, one grouped query."""
    rows = (
        PlanItem.objects.filter(plan_id__in=plan_ids, activities__isnull=False)
        .annotate(n=Count("activities"))
        .values_list("pk", "n")
    )
    return dict(rows)


@dataclass
class CoverageCell:
    """One subordinate unit × one item of the unit's plan."""

    concretized: bool = False
    items: list[str] = field(default_factory=list)  # codes of the lower items that concretize it
    status: str | None = None
    progress_note: str = ""
    activities: int = 0


@dataclass
class CoverageRow:
    unit: Unit
    plan: Plan | None
    cells: dict[str, CoverageCell]
    own_initiatives: int = 0

    @property
    def concretized(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.concretized)


@dataclass
class ItemCoverage:
    item: PlanItem
    concretized: int  # how many subordinate units concretized it
    by_status: dict[str, int]  # their progress, counted per unit
    activities: int  # activities under it, its own and the subordinates'
    status_list: list[tuple[str, str]] = field(default_factory=list)  # (status, "label: count"), for the page


@dataclass
class Coverage:
    unit: Unit
    plan: Plan
    items: list[ItemCoverage]
    rows: list[CoverageRow]
    without_plan: list[Unit]

    @property
    def units_total(self) -> int:
        return len(self.rows)


COVERAGE_SORTS = ("name", "-name", "concretized", "-concretized")
COVERAGE_FILTERS = ("all", "noplan")


def coverage_rows(data: Coverage, q: str = "", show: str = "all", sort: str = "name") -> list[CoverageRow]:
    """The matrix's rows searched by name or code (diacritics ignored), filtered (every unit, or
    those without a plan) and sorted; the subordinates of one unit, so a few hundred at most."""
    rows = data.rows
    if show == "noplan":
        rows = [r for r in rows if r.plan is None]
    for word in fold(q).split():
        rows = [r for r in rows if word in r.unit.search_text]
    # By kind, then name, as the tree lists a unit's children.
    by_name = sorted(rows, key=lambda r: (r.unit.kind.order, r.unit.name, r.unit.code), reverse=sort == "-name")
    if sort.lstrip("-") != "concretized":
        return by_name
    # Fewest first (who lags behind), units without a plan below every unit with one; the sort is
    # stable, so ties stay in name order.
    return sorted(by_name, key=lambda r: (r.plan is not None, r.concretized), reverse=sort.startswith("-"))


def combined_status(statuses: list[str]) -> str | None:
    """Progress of a superior item as a unit carries it out through one or more of its own items."""
    if not statuses:
        return None
    live = [s for s in statuses if s != PlanItem.Status.CANCELLED]
    if not live:
        return PlanItem.Status.CANCELLED
    if all(s == PlanItem.Status.DONE for s in live):
        return PlanItem.Status.DONE
    if all(s == PlanItem.Status.NOT_STARTED for s in live):
        return PlanItem.Status.NOT_STARTED
    return PlanItem.Status.IN_PROGRESS


def deeper_activity_counts(unit: Unit, lower: set[int]) -> dict[int, int]:
    """Activities recorded two or more levels below `unit`, added up to the items of its direct
    subordinates (`lower`) that the deeper items concretize, through any number of levels; one query.

    A chain broken by a superseded plan or an item not tied to its superior's plan counts nowhere
    above the break, as on the direct level."""
    rows = (
        PlanItem.objects.filter(subtree_q(unit.path, "plan__unit__"), plan__unit__depth__gt=unit.depth + 1,
                                plan__superseded_at__isnull=True)
        .annotate(n=Count("activities"))
        .values_list("id", "parent_item_id", "n")
    )
    parents: dict[int, int | None] = {}
    counts: dict[int, int] = {}
    for pk, parent, n in rows:
        parents[pk] = parent
        counts[pk] = n
    found: dict[int, int | None] = {}  # deep item -> the direct subordinate's item it leads to

    def top(pk: int) -> int | None:
        chain: list[int] = []
        target: int | None = None
        current: int | None = pk
        while current is not None:
            if current in lower:
                target = current
                break
            if current in found:
                target = found[current]
                break
            if current in chain or current not in parents:  # a cycle, or a chain leaving the subtree
                break
            chain.append(current)
            current = parents[current]
        for seen in chain:
            found[seen] = target
        return target

    totals: dict[int, int] = {}
    for pk, n in counts.items():
        if n and (target := top(pk)) is not None:
            totals[target] = totals.get(target, 0) + n
    return totals


def coverage(user: User, unit: Unit) -> Coverage:
    """Direct subordinate units × the items of `unit`'s current plan: which units concretized
    which items and how far they got, and which units have no plan. The activities count those
    recorded at every level below, on the items that concretize the item down the chain.
    Five queries whatever the size."""
    require(user, Action.VIEW, unit)
    plan = plan_of(unit)
    if plan is None:
        raise PlanNotFound(_("Đơn vị %(code)s chưa có kế hoạch.") % {"code": unit.code})
    items = list(PlanItem.objects.filter(plan=plan).select_related("group").order_by("order", "id"))
    children = list(unit_children(unit))
    plans = {
        p.unit_id: p
        # The matrix shows a plan's state and reference only: its texts are not read for 400 units.
        for p in Plan.objects.filter(unit__in=children, superseded_at__isnull=True).select_related("unit")
        .defer("intro", "purposes", "requirements", "duties", "closing", "recipients")
    }
    lower = list(
        PlanItem.objects.filter(plan__in=list(plans.values()))
        .values("id", "plan__unit_id", "parent_item_id", "code", "status", "progress_note")
        .order_by("order", "id")
    )
    # By plan, not by a list of item ids: 400 subordinates' plans hold ~12,000 items, and an IN
    # list that long cost more than the rest of the page together.
    activities = activity_counts_in_plans([plan.pk, *(p.pk for p in plans.values())])
    deeper = deeper_activity_counts(unit, {row["id"] for row in lower})
    by_id = {item.pk: item for item in items}

    rows: dict[int, CoverageRow] = {}
    for child in children:
        rows[child.pk] = CoverageRow(
            unit=child, plan=plans.get(child.pk), cells={item.code: CoverageCell() for item in items}
        )
    statuses: dict[tuple[int, str], list[str]] = {}
    for row in lower:
        target = rows[row["plan__unit_id"]]
        parent = by_id.get(row["parent_item_id"])
        if parent is None:
            target.own_initiatives += 1
            continue
        cell = target.cells[parent.code]
        cell.concretized = True
        cell.items.append(row["code"])
        cell.activities += activities.get(row["id"], 0) + deeper.get(row["id"], 0)
        if row["progress_note"]:
            cell.progress_note = "\n".join(filter(None, [cell.progress_note, row["progress_note"]]))
        statuses.setdefault((row["plan__unit_id"], parent.code), []).append(row["status"])
    for (unit_id, code), values in statuses.items():
        rows[unit_id].cells[code].status = combined_status(values)

    per_item = []
    for item in items:
        cells = [row.cells[item.code] for row in rows.values()]
        per_item.append(
            ItemCoverage(
                item=item,
                concretized=sum(1 for c in cells if c.concretized),
                by_status=dict(Counter(c.status for c in cells if c.status)),
                activities=activities.get(item.pk, 0) + sum(c.activities for c in cells),
            )
        )
    return Coverage(
        unit=unit,
        plan=plan,
        items=per_item,
        rows=list(rows.values()),
        without_plan=[child for child in children if child.pk not in plans],
    )
