"""Reads of action plans, always through the user's scope, with a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Case, Count, IntegerField, Max, Min, Prefetch, Q, QuerySet, Value, When
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
    cells: dict[str, CoverageCell] = field(default_factory=dict)  # filled by coverage_cells()
    own_initiatives: int = 0
    concretized: int = 0  # how many items of the superior plan the unit concretized


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
    # deeper_activity_counts(unit), kept for the cells filled later.
    deeper: dict[int, int] = field(default_factory=dict, repr=False)

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
    """Progress of a superior item as a unit carries it out through one or more of its own items.
    item_totals() decides the same in SQL (_CELL_STATUS): change both together."""
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


def deeper_activity_counts(unit: Unit) -> dict[int, int]:
    """Activities recorded two or more levels below `unit`, added up to the item one level below
    it where their chain of concretizing items arrives, through any number of levels: {that item's
    id: count}, one query. The caller keeps the items of the direct subordinates' current plans;
    other ids are where a chain left the subtree or met a superseded plan, and count nowhere.

    A recursive query walks up from the items that have activities only, so its cost follows the
    activities recorded and the depth of their chains, not the items of the whole subtree (a
    province with plans at every level holds ≈ 280,000). Items of the deeper levels are those of
    the current plans of units two or more levels below `unit`; a walk stops at the first item
    that is not one of them, and a cycle among them never reaches one, so it counts nowhere.
    """
    deep_units = Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth + 1).values("id")
    units_sql, units_params = deep_units.query.get_compiler(using=deep_units.db).as_sql()
    item_table, plan_table = PlanItem._meta.db_table, Plan._meta.db_table
    # Through the reverse side of Activity.item: activities sit above plans (no import of them here).
    activity_table = PlanItem._meta.get_field("activities").related_model._meta.db_table
    deep = f"p.superseded_at IS NULL AND p.unit_id IN ({units_sql})"
    # (start, item, parent, deep): the chain of each item with activities, one row per item walked,
    # deep = 0 on the first item above the deeper levels (where the walk stops and counts). The
    # LEFT JOIN marks it on the way, by its plan, rather than testing every row afterwards against
    # all the items of the subtree. UNION, not UNION ALL, ends the walk around a cycle.
    sql = f"""
        WITH RECURSIVE walk(start, item, parent, deep) AS (
            SELECT i.id, i.id, i.parent_item_id, 1 FROM {item_table} i JOIN {plan_table} p ON p.id = i.plan_id
            WHERE {deep} AND i.id IN (SELECT a.item_id FROM {activity_table} a)
            UNION
            SELECT w.start, i.id, i.parent_item_id, CASE WHEN p.id IS NULL THEN 0 ELSE 1 END
            FROM walk w JOIN {item_table} i ON i.id = w.parent LEFT JOIN {plan_table} p ON p.id = i.plan_id AND {deep}
            WHERE w.deep = 1
        )
        SELECT w.item, COUNT(*) FROM walk w JOIN {activity_table} a ON a.item_id = w.start
        WHERE w.deep = 0 GROUP BY w.item
    """  # noqa: S608 (table names from the models, values as parameters)
    with connections[deep_units.db].cursor() as cursor:
        cursor.execute(sql, [*units_params, *units_params])
        return {pk: n for pk, n in cursor.fetchall()}


# A cell's progress from the ranks of its items' progress, as combined_status() decides it:
# cancelled items have no rank (MIN and MAX skip them), so none left is cancelled, all done is
# done, all not started is not started, anything else in progress.
_RANK = Case(
    When(status=PlanItem.Status.NOT_STARTED, then=Value(0)),
    When(status=PlanItem.Status.IN_PROGRESS, then=Value(1)),
    When(status=PlanItem.Status.DONE, then=Value(2)),
    default=None, output_field=IntegerField(),
)
_CELL_STATUS = "CASE WHEN lo IS NULL THEN %s WHEN lo = 2 THEN %s WHEN hi = 0 THEN %s ELSE %s END"
_CELL_STATUS_PARAMS = [PlanItem.Status.CANCELLED, PlanItem.Status.DONE, PlanItem.Status.NOT_STARTED,
                       PlanItem.Status.IN_PROGRESS]


def item_totals(item_ids: list[int], plan_ids: list[int]) -> dict[int, tuple[dict[str, int], int]]:
    """For each item of a superior plan, the subordinate plans (`plan_ids`, one per unit) that
    concretize it counted by their progress on it, and the activities recorded directly against
    the items that concretize it: {item id: ({status: units}, activities)}.

    One query grouped twice in the database, by unit and item (a cell of the matrix) and then by
    item and progress, so its answer is a few rows per item whatever the number of units."""
    if not item_ids or not plan_ids:
        return {}
    cells = (
        PlanItem.objects.filter(plan_id__in=plan_ids, parent_item_id__in=item_ids)
        .order_by()
        .values("parent_item_id", "plan_id")
        .annotate(lo=Min(_RANK), hi=Max(_RANK), n=Count("activities"))
    )
    inner, params = cells.query.get_compiler(using=cells.db).as_sql()
    sql = f"SELECT parent_item_id, {_CELL_STATUS}, COUNT(*), SUM(n) FROM ({inner}) cells GROUP BY 1, 2"  # noqa: S608
    with connections[cells.db].cursor() as cursor:
        cursor.execute(sql, [*_CELL_STATUS_PARAMS, *params])
        found = cursor.fetchall()
    totals: dict[int, tuple[dict[str, int], int]] = {}
    for item_id, status, units, n in found:
        by_status, activities = totals.get(item_id, ({}, 0))
        by_status[status] = units
        totals[item_id] = (by_status, activities + int(n))
    return totals


def deeper_item_totals(deeper: dict[int, int], item_ids: list[int], plan_ids: list[int]) -> dict[int, int]:
    """deeper_activity_counts() added up to the superior items that the subordinates' items
    concretize: {superior item id: count}. No query when nothing was recorded that deep."""
    if not deeper or not item_ids or not plan_ids:
        return {}
    tops = PlanItem.objects.filter(pk__in=list(deeper), plan_id__in=plan_ids, parent_item_id__in=item_ids)
    totals: dict[int, int] = {}
    for pk, parent in tops.values_list("pk", "parent_item_id"):
        totals[parent] = totals.get(parent, 0) + deeper[pk]
    return totals


def coverage_outline(user: User, unit: Unit) -> Coverage:
    """Direct subordinate units × the items of `unit`'s current plan, without the cells
    (coverage_cells() fills those of the rows shown): each unit's plan and how many items it
    concretized, and per item how many units concretized it, how far they got and the activities
    recorded under it at every level below, all counted in the database. Six queries whatever the
    number of units, one more when activities were recorded two or more levels below."""
    require(user, Action.VIEW, unit)
    plan = plan_of(unit)
    if plan is None:
        raise PlanNotFound(_("Đơn vị %(code)s chưa có kế hoạch.") % {"code": unit.code})
    # Through the reverse side of Activity.item: activities sit above plans (no import of them here).
    items = list(PlanItem.objects.filter(plan=plan).select_related("group").annotate(n_activities=Count("activities"))
                 .order_by("order", "id"))
    item_ids = [item.pk for item in items]
    children = list(unit_children(unit))
    tied = Q(items__parent_item__in=item_ids)
    found = list(
        # The matrix shows a plan's state and reference only: its texts are not read for 400 units.
        Plan.objects.filter(unit__in=children, superseded_at__isnull=True)
        .defer("intro", "purposes", "requirements", "duties", "closing", "recipients")
        .annotate(n_items=Count("items"), n_tied=Count("items", filter=tied),
                  n_concretized=Count("items__parent_item", distinct=True, filter=tied))
    )
    plans = {p.unit_id: p for p in found}
    # (items concretized, own initiatives): items tied to no item of the plan above count as the latter.
    counts = {p.unit_id: (p.n_concretized, p.n_items - p.n_tied) for p in found}
    plan_ids = [p.pk for p in plans.values()]
    totals = item_totals(item_ids, plan_ids)
    deeper = deeper_activity_counts(unit)
    deeper_totals = deeper_item_totals(deeper, item_ids, plan_ids)

    rows = []
    for child in children:
        concretized, own = counts.get(child.pk, (0, 0))
        rows.append(CoverageRow(unit=child, plan=plans.get(child.pk), concretized=concretized, own_initiatives=own))
    per_item = []
    for item in items:
        by_status, activities = totals.get(item.pk, ({}, 0))
        per_item.append(ItemCoverage(
            item=item, concretized=sum(by_status.values()), by_status=by_status,
            activities=item.n_activities + activities + deeper_totals.get(item.pk, 0),
        ))
    return Coverage(unit=unit, plan=plan, items=per_item, rows=rows,
                    without_plan=[child for child in children if child.pk not in plans], deeper=deeper)


def coverage_cells(data: Coverage, rows: list[CoverageRow]) -> list[CoverageRow]:
    """Fill the cells of `rows` (a page of them, or all for a download) and return them: which
    items each unit concretized, through which of its items, how far it got and the activities
    recorded under them at every level below. One query whatever the number of rows."""
    codes = {ic.item.pk: ic.item.code for ic in data.items}
    for row in rows:
        row.cells = {code: CoverageCell() for code in codes.values()}
    by_plan = {row.plan.pk: row for row in rows if row.plan is not None}
    if not by_plan:
        return rows
    # By plan, not by a list of item ids: 400 subordinates' plans hold ~12,000 items.
    lower = (
        PlanItem.objects.filter(plan_id__in=list(by_plan), parent_item_id__in=list(codes))
        .values("id", "plan_id", "parent_item_id", "code", "status", "progress_note", "order")
        .annotate(n=Count("activities"))
        .order_by("order", "id")
    )
    statuses: dict[tuple[int, str], list[str]] = {}
    for item in lower:
        code = codes[item["parent_item_id"]]
        cell = by_plan[item["plan_id"]].cells[code]
        cell.concretized = True
        cell.items.append(item["code"])
        cell.activities += item["n"] + data.deeper.get(item["id"], 0)
        if item["progress_note"]:
            cell.progress_note = "\n".join(filter(None, [cell.progress_note, item["progress_note"]]))
        statuses.setdefault((item["plan_id"], code), []).append(item["status"])
    for (plan_id, code), values in statuses.items():
        by_plan[plan_id].cells[code].status = combined_status(values)
    return rows


def coverage(user: User, unit: Unit) -> Coverage:
    """The whole matrix (the API, the downloads): coverage_outline() with every row's cells."""
    data = coverage_outline(user, unit)
    coverage_cells(data, data.rows)
    return data
