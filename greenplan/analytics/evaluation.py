"""Plan targets checked against a subtree's totals, at every level.

A unit answers to the targets of the plans in force above it and its own: for each indicator
the nearest issued plan that sets a target wins (a unit's own plan may raise the province's
bar; a grassroots union without a plan answers to its superior's, and finally the province's).
A plan is in force from its newest issued revision: a revision still in draft changes nothing.
Targets for the whole plan apply to every half-year and year; a target for one half-year or one
year applies to that period only.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from greenplan.analytics.selectors import Aggregate
from greenplan.orgs.models import Unit
from greenplan.plans.models import Plan, PlanTarget
from greenplan.reporting import values

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"


@dataclass
class TargetCheck:
    target: PlanTarget
    plan: Plan
    actual: Decimal | None
    status: str

    @property
    def met(self) -> bool | None:
        return None if self.status == NO_DATA else self.status == MET


def compare(operator: str, actual: Decimal | None, goal: Decimal) -> str:
    if actual is None:
        return NO_DATA
    # A plan target writes equality as "="; the catalogue's comparison (validation rules) as "==".
    return MET if values.compare(actual, "==" if operator == "=" else operator, goal) else NOT_MET


def _period_filter(period_code: str) -> Q:
    whole = Q(period__isnull=True, year__isnull=True)
    if "H" in period_code.upper():
        return whole | Q(period__code=period_code.upper())
    return whole | Q(year=int(period_code))


def plans_in_force(paths: set[str]) -> dict[str, Plan]:
    """{unit path: its newest issued plan revision} for the units at `paths`."""
    found: dict[str, Plan] = {}
    plans = (Plan.objects.filter(unit__path__in=paths, status=Plan.Status.ISSUED)
             .select_related("unit").order_by("unit__path", "-revision"))
    for plan in plans:
        found.setdefault(plan.unit.path, plan)
    return found


def targets_for_units(units: list[Unit], period_code: str) -> dict[int, list[tuple[PlanTarget, Plan]]]:
    """{unit id: [(target, the plan it comes from)]} in plan item order — three queries for any
    number of units."""
    chains = {u.pk: u.ancestor_paths() + [u.path] for u in units}
    plans = plans_in_force({p for chain in chains.values() for p in chain})
    by_plan: dict[int, list[PlanTarget]] = defaultdict(list)
    targets = (PlanTarget.objects.filter(_period_filter(period_code), item__plan__in=list(plans.values()))
               .select_related("item", "indicator", "period").order_by("item__order", "indicator__code"))
    for target in targets:
        by_plan[target.item.plan_id].append(target)
    result: dict[int, list[tuple[PlanTarget, Plan]]] = {}
    for unit_id, chain in chains.items():
        nearest: dict[tuple[str, str], tuple[PlanTarget, Plan]] = {}
        for path in chain:  # root first: nearer plans overwrite
            plan = plans.get(path)
            if plan is None:
                continue
            for target in by_plan.get(plan.pk, []):
                nearest[(target.indicator.code, target.operator)] = (target, plan)
        result[unit_id] = sorted(nearest.values(), key=lambda tp: (tp[0].item.order, tp[0].indicator.code))
    return result


def evaluate(agg: Aggregate, targets: list[tuple[PlanTarget, Plan]]) -> list[TargetCheck]:
    """Each target against the subtree's value of its indicator, computed by the roll-up rules."""
    return [TargetCheck(t, plan, agg.values.get(t.indicator.code), compare(t.operator, agg.values.get(t.indicator.code),
                                                                           t.value))
            for t, plan in targets]


def status_of(values: dict[str, Decimal | None], targets: list[tuple[PlanTarget, Plan]], code: str) -> str | None:
    """The status of the first target on indicator `code`, or None when no target names it."""
    for target, _plan in targets:
        if target.indicator.code == code:
            return compare(target.operator, values.get(code), target.value)
    return None
