"""Reads about an item's targets against the superior's: which of them a lower level loosens."""

from dataclasses import dataclass
from decimal import Decimal

from greenplan.plans.models import PlanItem, PlanTarget


@dataclass
class TargetRow:
    """One of the item's targets, with the superior item's target on the same indicator and period."""

    target: PlanTarget
    superior: PlanTarget | None

    @property
    def looser(self) -> bool:
        return self.superior is not None and loosens(self.target.operator, self.target.value, self.superior)


def _key(target: PlanTarget) -> tuple[int, int | None, int | None]:
    return target.indicator_id, target.period_id, target.year


def loosens(operator: str, value: Decimal, superior: PlanTarget) -> bool:
    """A target aims lower than the superior's: "≥ 30 %" under "≥ 35 %", "≤ 10" under "≤ 5", or
    a different comparison where the superior asks for one."""
    if operator != superior.operator:
        return True
    if operator == PlanTarget.Operator.GE:
        return value < superior.value
    if operator == PlanTarget.Operator.LE:
        return value > superior.value
    return value != superior.value


def target_rows(item: PlanItem) -> tuple[list[TargetRow], list[PlanTarget]]:
    """The item's targets beside the superior item's ones, and the superior's targets the item
    does not set (they still hold for it); two queries."""
    own = list(item.targets.select_related("indicator", "period").order_by("indicator__code", "id"))
    above = list(PlanTarget.objects.filter(item_id=item.parent_item_id).select_related("indicator", "period")
                 .order_by("indicator__code", "id")) if item.parent_item_id else []
    by_key = {_key(t): t for t in above}
    rows = [TargetRow(t, by_key.get(_key(t))) for t in own]
    set_keys = {_key(t) for t in own}
    return rows, [t for t in above if _key(t) not in set_keys]
