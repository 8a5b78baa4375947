"""The dashboard's ranking at any level of the subtree: the direct subordinates, or every unit of
one kind below (e.g. all grassroots unions of a province), ranked on the chosen indicator,
searched, sorted and paged; and the charts' top and bottom N.

A rank needs every unit's value, so the level is read whole but thin: its units' code, name and
folded name in one query and, from the stored totals, only the parts the chosen indicator is
computed from in a second (9,000 units: two small queries). The full rows — completeness,
target, classification — are built for the shown page only, in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from greenplan.analytics.classification.scores import classify_many
from greenplan.analytics.dashboard import Dashboard, SubordinateRow, complete_enough, rank_by_value, subordinates
from greenplan.analytics.evaluation import targets_for_units
from greenplan.analytics.selectors import indicator_value, periods_of, scope_for
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitKind, subtree_q
from greenplan.orgs.selectors import unit_children
from greenplan.reporting.expected import expected_counts
from greenplan.reporting.models import Indicator, Rollup

PAGE_SIZE = 25
CHART_N = 10  # the charts show the best N and the worst N
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


class _LevelUnit(NamedTuple):
    """A unit of the level as `expected.expected_counts` reads it (an `expected.UnitSpan`)."""

    pk: int
    code: str
    name: str
    search_text: str
    depth: int
    numchild: int
    valid_from: datetime.date
    valid_to: datetime.date | None


@dataclass
class Ranked:
    pk: int
    code: str
    name: str
    search_text: str
    value: Decimal | None
    rank: int | None = None
    received: int = 0  # reports its figures count (submitted and approved, or approved only)
    expected: int = 0
    rankable: bool = True  # enough reports in to be ranked (dashboard.complete_enough)


def level_kinds(unit: Unit) -> list[UnitKind]:
    """The kinds of the units strictly below `unit` now: each one is a level that can be ranked."""
    below = Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth).active()
    return list(UnitKind.objects.filter(pk__in=below.order_by().values("kind_id")).order_by("order", "name"))


def level_units(unit: Unit, kind: UnitKind | None) -> QuerySet[Unit]:
    """The direct subordinates (kind None), or every current unit of `kind` in the subtree."""
    if kind is None:
        return unit_children(unit)
    return Unit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth, kind=kind).active()


def _parts(ind: Indicator) -> list[str]:
    codes = [ind.code]
    if ind.aggregation == Indicator.Aggregation.RATIO and ind.numerator and ind.denominator:
        codes = [ind.numerator.code, ind.denominator.code]
    return codes


def rank_in_place(rows: list[Ranked]) -> None:
    """The dashboard's rule (`dashboard.rank_by_value`) over a level's thin rows."""
    rank_by_value(rows, lambda r: r.name)


def ranked_level(units: QuerySet[Unit], code: str, approved_only: bool, ind: Indicator | None) -> list[Ranked]:
    """Every unit of the level with the chosen indicator's value, its completeness and rank, in
    three queries (and the stored expected counts of the level's units that have children)."""
    # Plain tuples, not model instances: building 9,000 Units costs more than the queries.
    level = [_LevelUnit(*row) for row in units.order_by().values_list(
        "pk", "code", "name", "search_text", "depth", "numchild", "valid_from", "valid_to")]
    rows = [Ranked(u.pk, u.code, u.name, u.search_text, None) for u in level]
    if rows:
        expected = expected_counts(level, periods_of(code))
        codes = _parts(ind) if ind is not None else []
        stored = Rollup.objects.filter(unit__in=units.order_by().values("pk"), period=code,
                                       scope=scope_for(approved_only))
        values: dict[int, Decimal | None] = {}
        received: dict[int, int] = {}
        for unit_id, reports, *parts in stored.values_list("unit_id", "reports", *(f"data__{c}" for c in codes)):
            received[unit_id] = reports
            if ind is not None:
                data = {c: (Decimal(p[0]), int(p[1])) for c, p in zip(codes, parts, strict=True) if p}
                values[unit_id] = indicator_value(ind, data)
        for row in rows:
            row.value = values.get(row.pk)
            row.received, row.expected = received.get(row.pk, 0), expected.get(row.pk, 0)
            row.rankable = complete_enough(row.received, row.expected)
    rank_in_place(rows)
    return rows


def search(rows: list[Ranked], query: str) -> list[Ranked]:
    """Rows whose name or code holds every word, diacritics and case ignored; ranks unchanged."""
    words = fold(query).split()
    return [r for r in rows if all(w in r.search_text for w in words)] if words else rows


def sort_rows(rows: list[Ranked], sort: str) -> list[Ranked]:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "name":
        return sorted(rows, key=lambda r: fold(r.name), reverse=descending)
    if key == "code":
        return sorted(rows, key=lambda r: r.code, reverse=descending)
    if descending:  # the lowest values first; units without a value or rank still last
        return sorted(rows, key=lambda r: (not r.rankable, r.rank is None, -(r.rank or 0), r.name))
    return rows


def full_rows(board: Dashboard, ranked: list[Ranked]) -> list[SubordinateRow]:
    """The table's rows for `ranked` (a page, or a whole download), keeping their order and rank:
    those of the direct subordinates come from the board, others in a fixed number of queries."""
    known = {row.unit.pk: row for row in board.subordinates}
    missing = [r.pk for r in ranked if r.pk not in known]
    if missing:
        units = list(Unit.objects.filter(pk__in=missing).select_related("kind", "sector"))
        targets = targets_for_units(units, board.code)
        built = subordinates(board.unit, units, board.code, board.approved_only, board.indicator,
                             board.all_indicators, targets)
        classes = classify_many(units, board.code, board.approved_only)
        for row in built:
            row.classification = classes.get(row.unit.pk)
            known[row.unit.pk] = row
    result = []
    for r in ranked:
        row = known[r.pk]
        row.rank, row.rankable = r.rank, r.rankable
        result.append(row)
    return result


def chart_rows(rows: list[Ranked], n: int | None = None) -> list[Ranked]:
    """Every unit with a value when there are at most 2n of them (a comparison, as the table
    shows), else the best n and the worst n ranked units: a unit with too few reports in is not
    drawn among the best or the worst."""
    n = CHART_N if n is None else n
    valued = [r for r in rows if r.value is not None]
    if len(valued) <= 2 * n:
        return valued
    ranked = [r for r in rows if r.rank is not None]
    return ranked if len(ranked) <= 2 * n else ranked[:n] + ranked[-n:]


@dataclass
class Ranking:
    kind: UnitKind | None
    kinds: list[UnitKind]
    query: str
    sort: str
    total: int  # units in the level, before the search
    valued: int  # units in the level with a value
    unranked: list[Ranked]  # units of the level (before the search) with too few reports in
    page: Page
    rows: list[SubordinateRow]
    chart: list[Ranked]
    listed: list[Ranked]  # every row the search kept, in the chosen order: what a download holds


def ranking(board: Dashboard, *, level: str = "", query: str = "", sort: str = "rank",
            page: str | int | None = 1) -> Ranking:
    """The ranking table's page and the chart's units. An unknown level or sort falls back to the
    direct subordinates and the rank; a page past the end shows the last one."""
    kinds = level_kinds(board.unit)
    kind = next((k for k in kinds if k.code == level), None)
    everything = ranked_level(level_units(board.unit, kind), board.code, board.approved_only, board.indicator)
    sort = sort if sort.lstrip("-") in SORTS else "rank"
    listed = sort_rows(search(everything, query), sort)
    shown = Paginator(listed, PAGE_SIZE).get_page(page)
    return Ranking(kind=kind, kinds=kinds, query=query, sort=sort, total=len(everything),
                   valued=sum(1 for r in everything if r.value is not None),
                   unranked=[r for r in everything if not r.rankable],
                   page=shown,
                   rows=full_rows(board, list(shown.object_list)), chart=chart_rows(everything), listed=listed)
