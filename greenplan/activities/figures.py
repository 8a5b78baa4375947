"""The report figures a unit's activities imply: which kinds of activity count into which
indicator, and how (one table, `FIGURES`), and the figures a period's activities offer.

The report page shows them beside the report (`activities/_report_offer.html`, through the
`activities_offer` template tag); the officer accepts or corrects them and they are saved
through reporting's save service (greenplan.activities.services.activity_figures_accept).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db.models import Count, Q, Sum

from greenplan.activities.models import Activity
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting import values as V
from greenplan.reporting.models import Period, Report

K = Activity.Kind
MILLION = Decimal(1_000_000)


class Measure(Enum):
    COUNT = "count"  # how many activities
    PARTICIPANTS = "participants"  # their participants, added up
    COST_MILLIONS = "cost_millions"  # their cost in đồng, added up, in millions (triệu đồng)
    TREES = "trees"  # the trees they planted, added up


@dataclass(frozen=True)
class Figure:
    code: str  # the indicator
    kinds: tuple[str, ...]  # the kinds of activity it counts
    measure: Measure


ALL_KINDS = tuple(K.values)

# Kind of activity → indicator: an awareness session reaches people, a training course trains them,
# an environment-day event has participants; the trees of any activity were planted, and every
# activity's cost is union money spent.
FIGURES: tuple[Figure, ...] = (
    Figure("G3_SESSIONS", (K.PROPAGANDA,), Measure.COUNT),
    Figure("G3_REACHED", (K.PROPAGANDA,), Measure.PARTICIPANTS),
    Figure("G3_TRAININGS", (K.TRAINING,), Measure.COUNT),
    Figure("G3_TRAINEES", (K.TRAINING,), Measure.PARTICIPANTS),
    Figure("G3_EVENTS", (K.ENVIRONMENT_DAY,), Measure.COUNT),
    Figure("G3_EVENT_PARTICIPANTS", (K.ENVIRONMENT_DAY,), Measure.PARTICIPANTS),
    Figure("G5_TREES", ALL_KINDS, Measure.TREES),
    Figure("G7_UNION_SPENDING", ALL_KINDS, Measure.COST_MILLIONS),
)


@dataclass
class OfferedFigure:
    code: str
    name: str  # the indicator's name in the page's language
    unit_label: str  # its unit (buổi, lượt người, triệu đồng)
    value: Decimal  # what the activities imply
    stored: Decimal | None  # what the report holds now
    activities: int  # how many activities it comes from

    @property
    def in_report(self) -> bool:
        return self.stored is not None and self.stored == self.value


@dataclass
class Offer:
    figures: list[OfferedFigure]
    activities: int  # the unit's activities in the period

    @property
    def in_report(self) -> bool:
        return all(f.in_report for f in self.figures)

    def values(self) -> dict[str, Decimal]:
        return {f.code: f.value for f in self.figures}


def period_activities(unit: Unit, period: Period) -> Q:
    """The unit's own activities that started within the period (each unit reports its own; the
    totals add the subtree up)."""
    return Q(unit=unit, start_on__gte=period.start, start_on__lte=period.end)


# Per measure: the column it adds up (None: it counts activities).
COLUMNS: dict[Measure, str | None] = {Measure.COUNT: None, Measure.PARTICIPANTS: "participants", Measure.TREES: "trees",
           Measure.COST_MILLIONS: "cost"}


def _sums(unit: Unit, period: Period, figures: Iterable[Figure]) -> dict[str, tuple[Decimal, int]]:
    """(value, number of activities that give it) per figure's code, in one grouped query."""
    aggregates: dict[str, Any] = {"n": Count("id")}
    for summed in [c for c in COLUMNS.values() if c]:
        aggregates[f"sum_{summed}"] = Sum(summed)
        aggregates[f"n_{summed}"] = Count("id", filter=Q(**{f"{summed}__gt": 0}))
    per_kind: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in Activity.objects.filter(period_activities(unit, period)).values("kind")
        .annotate(**aggregates).order_by()
    }
    sums = {}
    for figure in figures:
        rows = [per_kind[k] for k in figure.kinds if k in per_kind]
        column = COLUMNS[figure.measure]
        n: int = sum(r["n" if column is None else f"n_{column}"] for r in rows)
        value = Decimal(n) if column is None else Decimal(sum(r[f"sum_{column}"] or 0 for r in rows))
        if figure.measure is Measure.COST_MILLIONS:
            # The column keeps 4 places: a cost in đồng, in millions, fits exactly down to 100 đồng.
            value = (value / MILLION).quantize(Decimal("0.0001"))
            value = value.normalize() if value == value.to_integral_value() else value
        sums[figure.code] = (value, n)
    return sums


def offered_figures(unit: Unit, period: Period, report: Report | None = None) -> Offer | None:
    """The figures the unit's activities of `period` imply for the indicators of its catalogue,
    beside what `report` holds; only figures some activity gives. None without any activity."""
    catalogue = V.catalogue_for(unit)
    figures = [f for f in FIGURES if f.code in catalogue.indicators and not catalogue.indicators[f.code].derived]
    total = Activity.objects.filter(period_activities(unit, period)).count()
    if not total:
        return None
    stored: dict[str, Decimal] = {}
    if report is not None and report.pk:
        stored = dict(report.values.filter(indicator__code__in=[f.code for f in figures])
                      .values_list("indicator__code", "value"))
    sums = _sums(unit, period, figures)
    result = []
    for figure in figures:
        value, n = sums[figure.code]
        if not n:
            continue
        indicator = catalogue.indicators[figure.code]
        result.append(OfferedFigure(
            code=figure.code, name=localized(indicator), unit_label=localized(indicator, "unit"),
            value=value, stored=stored.get(figure.code), activities=n,
        ))
    return Offer(figures=result, activities=total) if result else None
