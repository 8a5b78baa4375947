"""One level of the subtree ranked in the database (issue #12): a province's ~8,000 grassroots
unions are ranked, counted, searched and cut to the shown page by SQL, so Python builds only the
rows it shows.

The level's rows — the unit's columns, the chosen indicator's value from the stored totals, the
reports received and expected — are an ORM query. Two raw layers over it apply the dashboard's
rule (`dashboard.rank_by_value`) with window functions: RANK() over the rows complete enough
and with a value (ties share a rank: 1, 2, 2, 4), ROW_NUMBER() for the rule's whole order. They
are raw SQL because the search must keep a unit's place in the whole level, so it filters after
the window functions, and Django applies a queryset's filters before them. The same SQL runs on
PostgreSQL and SQLite (3.25+); only the value's arithmetic and the collation differ.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DecimalField, F, FilteredRelation, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.sql.compiler import SQLCompiler

from greenplan.analytics.selectors import combine, periods_of, scope_for
from greenplan.lib.collation import code_point_collation
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit
from greenplan.reporting.expected import expected_in_sql
from greenplan.reporting.models import Indicator

SQLITE_VALUE = "greenplan_indicator_value"


class IndicatorValue(Func):
    """`selectors.indicator_value` of the stored totals row whose JSON column is `data`: exact
    numeric arithmetic on PostgreSQL (ROUND rounds half away from zero, as ROUND_HALF_UP does);
    SQLite has no decimal type, so it calls the Python rule itself (`selectors.combine`) and
    compares its result as a double: exact for values of up to 15 significant digits."""

    output_field = DecimalField()

    def __init__(self, ind: Indicator, data: str) -> None:
        super().__init__(F(data))
        self.aggregation = ind.aggregation
        if ind.aggregation == Indicator.Aggregation.RATIO:
            assert ind.numerator and ind.denominator, "a ratio without its parts has no value"
            self.parts = [(ind.numerator.code, 0), (ind.denominator.code, 0)]
        else:  # the sum and the number of reports that gave a value
            self.parts = [(ind.code, 0), (ind.code, 1)]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, function: str | None = None,
               template: str | None = None, arg_joiner: str | None = None, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        data, params = compiler.compile(self.get_source_expressions()[0])
        if connection.vendor == "sqlite":
            paths = [f'$."{code}"[{i}]' for code, i in self.parts]
            return (f"{SQLITE_VALUE}(%s, json_extract({data}, %s), json_extract({data}, %s))",
                    (self.aggregation, *params, paths[0], *params, paths[1]))
        paths = [f"{{{code},{i}}}" for code, i in self.parts]  # text[] literals: {CODE,0}
        first, second = f"CAST({data} #>> %s AS numeric)", f"CAST({data} #>> %s AS numeric)"
        if self.aggregation == Indicator.Aggregation.RATIO:
            return f"ROUND({first} * 100 / NULLIF({second}, 0), 2)", (*params, paths[0], *params, paths[1])
        if self.aggregation == Indicator.Aggregation.MEAN:
            return f"ROUND({first} / NULLIF({second}, 0), 2)", (*params, paths[0], *params, paths[1])
        return first, (*params, paths[0])


def _sqlite_value(aggregation: str, first: Any, second: Any) -> float | None:
    if first is None or second is None:
        return None
    value = combine(aggregation, Decimal(str(first)), Decimal(str(second)))
    return None if value is None else float(value)


def register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: SQLite's connections learn `IndicatorValue`'s function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_VALUE, 3, _sqlite_value, deterministic=True)


def value_of(ind: Indicator | None, data: str) -> Any:
    """The chosen indicator's value as an expression; none without an indicator, or for a ratio
    the catalogue gave no numerator or denominator (as `indicator_value` answers)."""
    if ind is None or (ind.aggregation == Indicator.Aggregation.RATIO and not (ind.numerator and ind.denominator)):
        return Value(None, output_field=DecimalField())
    return IndicatorValue(ind, data)


@dataclass
class Counts:
    total: int  # units of the level
    valued: int  # with a value
    ranked: int  # with a rank: a value, and enough reports in
    unranked: int  # too few reports in
    matched: int  # kept by the search


# The level's rows, judged and ranked: {level} is the ORM query, {collate} the code-point collation
# (Python's order of str, which `rank_by_value` breaks ties with). `pos` is the rule's whole order.
# PostgreSQL computes the level's rows once (MATERIALIZED): inlined, it would carry each unit's
# whole JSON totals through the window functions' sorts and compute the value again for each.
# RANK()'s partition and order are the start of `pos`'s order, so one sort serves both.
_RANKED = """WITH level (id, code, name, search_text, value, received, expected) AS {materialized} ({level}),
judged AS (SELECT level.*, (expected > 0 AND received * 100 >= expected * %s) AS rankable FROM level),
ranked AS (
  SELECT judged.*,
    CASE WHEN rankable AND value IS NOT NULL
      THEN RANK() OVER (PARTITION BY NOT rankable, value IS NULL ORDER BY value DESC) END AS rnk,
    ROW_NUMBER() OVER (ORDER BY NOT rankable, value IS NULL, value DESC, name {collate}, id) AS pos
  FROM judged)
"""
_COLUMNS = "id, code, name, search_text, value, received, expected, rankable, rnk"
# The table's sorts (ranking.SORTS), each then in the rule's order as Python's stable sort keeps it.
# "name" is the folded name (`fold(name)`): search_text is fold(f"{name} {code}") and a code folds
# to itself in lower case, so the name is what precedes the code and its space.
_FOLDED_NAME = "substr(search_text, 1, length(search_text) - length(code) - 1) {collate}"
_ORDERS = {
    "rank": "pos",
    "-rank": "NOT rankable, rnk IS NULL, rnk DESC, name {collate}, pos",
    "name": _FOLDED_NAME + ", pos",
    "-name": _FOLDED_NAME + " DESC, pos",
    "code": "code {collate}, pos",
    "-code": "code {collate} DESC, pos",
}


@dataclass
class Shown:
    """What the ranking page shows of the level (`RankedLevel.page`)."""

    counts: Counts
    number: int  # the page's number
    rows: list["Ranked"]
    unranked: list["Ranked"]
    chart: list["Ranked"]


@dataclass
class Ranked:
    """A unit of the level, ranked."""

    pk: int
    code: str
    name: str
    search_text: str
    value: Decimal | None
    rank: int | None = None
    received: int = 0  # reports its figures count (submitted and approved, or approved only)
    expected: int = 0
    rankable: bool = True  # enough reports in to be ranked (dashboard.complete_enough)


class RankedLevel:
    """The units of `units` on the indicator, ranked, searched (`query`) and sorted (`sort`, a key
    of `_ORDERS`). Iterating reads every row the search keeps, in order: what a download holds."""

    def __init__(self, units: QuerySet[Unit], code: str, approved_only: bool, ind: Indicator | None,
                 query: str = "", sort: str = "rank") -> None:
        stored = FilteredRelation("rollups", condition=Q(rollups__period=code, rollups__scope=scope_for(approved_only)))
        level = (units.order_by().annotate(stored=stored)
                 .annotate(value=value_of(ind, "stored__data"), received=Coalesce(F("stored__reports"), 0),
                           expected=expected_in_sql(units, periods_of(code)))
                 .values_list("pk", "code", "name", "search_text", "value", "received", "expected"))
        self.db = level.db
        vendor = connections[self.db].vendor
        collate = code_point_collation(vendor)
        level_sql, level_params = level.query.get_compiler(using=self.db).as_sql()
        self.ranked = _RANKED.format(level=level_sql, collate=collate,
                                     materialized="MATERIALIZED" if vendor == "postgresql" else "")
        self.params = [*level_params, settings.RANKING_MIN_REPORTED_PCT]
        words = fold(query).split()
        self.match = " AND ".join(["search_text LIKE %s ESCAPE '\\'"] * len(words)) or "1 = 1"
        self.match_params = [f"%{_escape_like(w)}%" for w in words]
        self.order = _ORDERS[sort].format(collate=collate)

    def _run(self, sql: str, params: list[Any]) -> list[tuple]:
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.ranked + sql, [*self.params, *params])
            return cursor.fetchall()

    def page(self, number: int, size: int, unranked: int, chart_n: int) -> Shown:
        """In one query, so the level is read once: the counts; page `number` of `size` rows in the
        chosen order, searched (the last page past the end); the first `unranked` units with too few
        reports in; the chart's units (every unit with a value when there are at most 2 × `chart_n`,
        else the best and worst `chart_n` ranked units: a unit with too few reports in is never drawn
        among them)."""
        # Below 1 or past the end, the last page, as Django's Paginator; a 64-bit integer either way.
        offset = min((number - 1) * size, 2**62) if number >= 1 else 2**62
        found = self._run(f""", counts AS (SELECT COUNT(*) AS total, COUNT(value) AS valued, COUNT(rnk) AS nranked,
              COALESCE(SUM(CASE WHEN rankable THEN 0 ELSE 1 END), 0) AS unranked,
              COALESCE(SUM(CASE WHEN {self.match} THEN 1 ELSE 0 END), 0) AS matched FROM ranked)
            SELECT counts.*, parts.* FROM counts LEFT JOIN (
              SELECT * FROM (SELECT 1 AS part, ROW_NUMBER() OVER (ORDER BY {self.order}) AS k, {_COLUMNS}
                FROM ranked WHERE {self.match} ORDER BY {self.order} LIMIT %s
                OFFSET (SELECT CASE WHEN %s < matched THEN %s WHEN matched > 0 THEN (matched - 1) / %s * %s ELSE 0 END
                        FROM counts)) page
              UNION ALL SELECT * FROM (
                SELECT 2, pos, {_COLUMNS} FROM ranked WHERE NOT rankable ORDER BY pos LIMIT %s) low
              UNION ALL SELECT 3, pos, {_COLUMNS} FROM ranked, counts WHERE CASE
                WHEN counts.valued <= %s THEN value IS NOT NULL
                WHEN counts.nranked <= %s THEN rnk IS NOT NULL
                ELSE rnk IS NOT NULL AND (pos <= %s OR pos > counts.nranked - %s) END
            ) parts ON 1 = 1 ORDER BY part, k""",
                          [*self.match_params, *self.match_params, size, offset, offset, size, size, unranked,
                           2 * chart_n, 2 * chart_n, chart_n, chart_n])
        shown = Shown(Counts(*(int(n) for n in found[0][:5])), 1, [], [], [])
        for found_row in found:
            part, k, columns = found_row[5], found_row[6], found_row[7:]
            if part is not None:
                [shown.rows, shown.unranked, shown.chart][part - 1].append(_row(columns))
                if part == 1 and len(shown.rows) == 1:
                    shown.number = (k - 1) // size + 1
        return shown

    def __iter__(self) -> Iterator[Ranked]:
        found = self._run(f"SELECT {_COLUMNS} FROM ranked WHERE {self.match} ORDER BY {self.order}", self.match_params)
        return (_row(columns) for columns in found)


def _row(columns: Sequence[Any]) -> Ranked:
    pk, code, name, search_text, value, received, expected, rankable, rank = columns
    if value is not None and not isinstance(value, Decimal):  # SQLite's double: the decimal it was
        value = Decimal(repr(value))
    return Ranked(pk, code, name, search_text, value, None if rank is None else int(rank), received, expected,
                  bool(rankable))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
