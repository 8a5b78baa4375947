"""Reads for the first screen: which units below a superior have not concretized its plan yet."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from greenplan.orgs.models import Unit, subtree_q
from greenplan.plans.models import Plan


@dataclass
class PlansMissing:
    """Active units below `unit` without a current plan of their own."""

    superior: int
    grassroots: int
    superior_units: list[Unit] = field(default_factory=list)
    own_plan: bool = False  # the unit has a plan itself: its coverage page exists

    @property
    def total(self) -> int:
        return self.superior + self.grassroots


def _without_plan(unit: Unit) -> QuerySet[Unit]:
    current = Plan.objects.filter(unit=OuterRef("pk"), superseded_at__isnull=True)
    return Unit.objects.filter(subtree_q(unit.path)).exclude(pk=unit.pk).active().filter(~Exists(current))


def plans_not_concretized(unit: Unit, listed: int = 10) -> PlansMissing:
    """Units of every level below `unit` that have no plan yet, split into superior and
    grassroots unions, with the first `listed` superior ones by place in the tree; three queries."""
    rows = list(_without_plan(unit).order_by().values_list("kind__is_grassroots", flat=True))
    grassroots = sum(1 for g in rows if g)
    superior = len(rows) - grassroots
    units = list(_without_plan(unit).filter(kind__is_grassroots=False).select_related("kind")
                 .order_by("path")[:listed]) if superior else []
    own = Plan.objects.filter(unit=unit, superseded_at__isnull=True).exists()
    return PlansMissing(superior, grassroots, units, own)
