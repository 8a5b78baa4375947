"""Reads for the UI shell: scope summaries and the first tree level.

They start from units already read through the user's scope (greenplan.accounts.selectors).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from greenplan.orgs.models import Unit, UnitKind, UnitQuerySet, children_q


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

