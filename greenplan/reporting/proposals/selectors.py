"""The "khó khăn, vướng mắc" and "kiến nghị, đề xuất" of every unit below a superior, for a period.

Only reports the superior has received count (submitted or approved): a draft or a returned
report is still the lower unit's own work. Rows with both texts empty are left out. The unit is
the caller's business to check (the page asks `unit_for_user`); everything below it is then in
the user's scope, since a role on a unit covers its subtree. Three queries whatever the size.
"""

from dataclasses import dataclass

from django.db.models import Q

from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitKind, subtree_q
from greenplan.reporting.models import Period, Report

ALL, DIRECT = "", "direct"
DIFFICULTIES, PROPOSALS = "difficulties", "proposals"
SENT = (Report.Status.SUBMITTED, Report.Status.APPROVED)


@dataclass
class NarrativeRow:
    unit: Unit
    superior: Unit | None  # the unit's direct superior, to place it in the tree
    report: Report

    @property
    def difficulties(self) -> str:
        return self.report.difficulties

    @property
    def proposals(self) -> str:
        return self.report.proposals

    def matches(self, words: list[str]) -> bool:
        text = fold(" ".join([self.unit.name, self.unit.code, self.difficulties, self.proposals]))
        return all(w in text for w in words)


@dataclass
class Compiled:
    rows: list[NarrativeRow]  # after the filters
    total: int  # rows before the filters: every unit below with a difficulty or a proposal
    kinds: list[UnitKind]  # the kinds of unit present before the filters, for the level choice


def compiled_narratives(unit: Unit, period: Period, *, level: str = ALL, query: str = "", has: str = "") -> Compiled:
    """Every unit strictly below `unit` whose report for `period` was received and has a
    difficulty or a proposal, in tree order. `level`: "" (the whole subtree), "direct" (the
    direct subordinates), or a unit kind's code; `query`: words that must all appear (in the
    unit's name or code or in the texts), diacritics and case ignored; `has`: "difficulties"
    or "proposals" keeps the rows where that text is not empty."""
    reports = list(
        Report.objects.filter(subtree_q(unit.path, "unit__"), period=period, status__in=SENT)
        .exclude(unit=unit)
        .exclude(Q(difficulties="") & Q(proposals=""))
        .select_related("unit", "unit__kind")
        .order_by("unit__path")
    )
    parent_paths = {r.unit.path[: -Unit.steplen] for r in reports}
    parents = {u.path: u for u in Unit.objects.filter(path__in=parent_paths)}
    rows = [NarrativeRow(r.unit, parents.get(r.unit.path[: -Unit.steplen]), r) for r in reports]
    kinds = sorted({r.unit.kind for r in rows}, key=lambda k: (k.order, k.code))
    total = len(rows)
    if level == DIRECT:
        rows = [r for r in rows if r.unit.depth == unit.depth + 1]
    elif level:
        rows = [r for r in rows if r.unit.kind.code == level]
    if has in (DIFFICULTIES, PROPOSALS):
        rows = [r for r in rows if getattr(r, has).strip()]
    words = fold(query).split()
    if words:
        rows = [r for r in rows if r.matches(words)]
    return Compiled(rows, total, kinds)
