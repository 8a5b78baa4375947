"""The dashboard's ranking at any level of the subtree: the direct subordinates, or every unit of
one kind below (e.g. all grassroots unions of a province), ranked on the chosen indicator,
searched, sorted and paged; and the charts' top and bottom N.

The level is ranked, counted, searched and cut in the database (`level_sql`): one query reads
the counts, the shown page, the first units with too few reports in and the chart's units. The
full rows — completeness, target, classification — are built for the shown page only, in a fixed
number of queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from greenplan.analytics.classification.scores import classify_many
from greenplan.analytics.dashboard import Dashboard, SubordinateRow, period_rollups, subordinates
from greenplan.analytics.evaluation import targets_for_units
from greenplan.analytics.level_sql import Ranked, RankedLevel
from greenplan.orgs.models import Unit, UnitKind, subtree_q
from greenplan.orgs.selectors import unit_children

PAGE_SIZE = 25
CHART_N = 10  # the charts show the best N and the worst N
UNRANKED_NAMED = 20  # units with too few reports in named under the table, up to this many
SORTS = ("rank", "name", "code")  # "-" in front reverses: "-rank" lists the lowest values first

# Words every union's name starts with, and long kind words, left out of a chart's label so the
# part that tells units apart is what a narrow axis shows (the full name is in the tooltip).
_PREFIXES = ("Công đoàn cơ sở ", "Công đoàn ", "Liên đoàn Lao động ")
_ABBREVIATIONS = (
    ("Công ty Trách nhiệm hữu hạn", "TNHH"),
    ("Công ty TNHH Một thành viên", "TNHH MTV"),
    ("Công ty TNHH một thành viên", "TNHH MTV"),
    ("Công ty TNHH", "TNHH"),
    ("Công ty Cổ phần", "CTCP"),
    ("Công ty cổ phần", "CTCP"),
    ("Trường Trung học phổ thông", "THPT"),
    ("Trường Trung học cơ sở", "THCS"),
    ("Trường THPT", "THPT"),
    ("Trường THCS", "THCS"),
    ("Trường Tiểu học", "TH"),
    ("Trường Mầm non", "MN"),
    ("thành phố", "TP."),
)


def short_name(name: str) -> str:
    """"Công đoàn Công ty TNHH Thép Xanh" → "TNHH Thép Xanh"; "Công đoàn phường Hồng Bàng" →
    "phường Hồng Bàng". A name that would become empty stays whole."""
    short = name
    for prefix in _PREFIXES:
        if short.startswith(prefix) and len(short) > len(prefix):
            short = short[len(prefix):]
            break
    for long, abbreviation in _ABBREVIATIONS:
        short = short.replace(long, abbreviation)
    return short.strip() or name


def level_kinds(unit: Unit) -> list[UnitKind]:
    """The kinds of the units strictly below `unit` now: each one is a level that can be ranked."""
    below = Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth).active()
    return list(UnitKind.objects.filter(pk__in=below.order_by().values("kind_id")).order_by("order", "name"))


def level_units(unit: Unit, kind: UnitKind | None) -> QuerySet[Unit]:
    """The direct subordinates (kind None), or every current unit of `kind` in the subtree."""
    if kind is None:
        return unit_children(unit)
    return Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth, kind=kind).active()


def full_rows(board: Dashboard, ranked: Iterable[Ranked]) -> list[SubordinateRow]:
    """The table's rows for `ranked` (a page, or a whole download), keeping their order and rank:
    those of the direct subordinates come from the board, others in a fixed number of queries."""
    ranked = list(ranked)
    known = {row.unit.pk: row for row in board.subordinates}
    missing = [r.pk for r in ranked if r.pk not in known]
    if missing:
        units = list(Unit.objects.filter(pk__in=missing).select_related("kind", "sector"))
        targets = targets_for_units(units, board.code)
        rollups = period_rollups(units, board.code, board.approved_only)
        built = subordinates(board.unit, units, board.code, board.approved_only, board.indicator,
                             board.all_indicators, targets, rollups)
        classes = classify_many(units, board.code, board.approved_only, rollups=rollups)
        for row in built:
            row.classification = classes.get(row.unit.pk)
            known[row.unit.pk] = row
    result = []
    for r in ranked:
        row = known[r.pk]
        row.rank, row.rankable = r.rank, r.rankable
        result.append(row)
    return result


@dataclass
class Ranking:
    kind: UnitKind | None
    kinds: list[UnitKind]
    query: str
    sort: str
    total: int  # units in the level, before the search
    valued: int  # units in the level with a value
    unranked: list[Ranked]  # the first units of the level (before the search) with too few reports in
    unranked_count: int  # all of them
    page: Page
    rows: list[SubordinateRow]
    chart: list[Ranked]
    listed: Iterable[Ranked]  # every row the search kept, in the chosen order: what a download holds


def ranking(board: Dashboard, *, level: str = "", query: str = "", sort: str = "rank",
            page: str | int | None = 1) -> Ranking:
    """The ranking table's page and the chart's units. An unknown level or sort falls back to the
    direct subordinates and the rank; a page past the end shows the last one."""
    kinds = level_kinds(board.unit)
    kind = next((k for k in kinds if k.code == level), None)
    sort = sort if sort.lstrip("-") in SORTS else "rank"
    level_rows = RankedLevel(level_units(board.unit, kind), board.code, board.approved_only, board.indicator,
                             query, sort)
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        number = 1  # as Django's Paginator.get_page
    shown = level_rows.page(number, PAGE_SIZE, UNRANKED_NAMED + 1, CHART_N)
    counts = shown.counts
    # The pager needs only the count: the page's rows are already read.
    paginator: Paginator[Any] = Paginator(range(counts.matched), PAGE_SIZE)
    return Ranking(kind=kind, kinds=kinds, query=query, sort=sort, total=counts.total, valued=counts.valued,
                   unranked=shown.unranked, unranked_count=counts.unranked,
                   page=Page(shown.rows, shown.number, paginator), rows=full_rows(board, shown.rows),
                   chart=shown.chart, listed=level_rows)
