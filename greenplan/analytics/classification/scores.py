"""Each unit's overall class for a half-year or a year, by the criteria and bands the province sets.

A criterion is met, not met, or has no data for the unit:

- an indicator criterion compares the subtree's value of the indicator (selectors.indicator_value
  over the stored totals, the same figure the dashboard shows) with its threshold; no data when
  the value is empty: nobody in the subtree reported it, or a ratio's denominator is 0;
- "on time" looks at the unit's own report: met when, in every half-year of the period in which
  the unit has to report, its report counts (submitted or approved; approved only with
  `approved_only`) and was first submitted by the deadline (rollup.on_time). No data for a unit
  that has nothing to file itself: the root, or a unit not active in the period;
- completeness compares the share of the subtree's expected reports that count with its
  threshold; no data when no report is expected.

Criteria with no data are not applicable: they earn nothing and leave the denominator, so a unit is
not marked down for figures that do not exist for it (a root files no report; a unit without
inspections has no share of findings remedied). Score = points earned / points applicable × 100,
rounded to 0.1; the band is the one with the highest minimum at or below that rounded score
(exactly 91 reaches a band starting at 91). No applicable points: no score and no band.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from greenplan.analytics.evaluation import MET, NO_DATA, NOT_MET
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.analytics.selectors import indicator_value, periods_of, rollup_parts, scope_for
from greenplan.orgs.models import Unit
from greenplan.reporting.expected import expected_counts, reports_itself
from greenplan.reporting.models import Period, Report, Rollup
from greenplan.reporting.rollup import SCOPES, on_time
from greenplan.reporting.values import as_json_number, compare

Kind = ClassificationCriterion.Kind


@dataclass(frozen=True)
class CriterionResult:
    criterion: ClassificationCriterion
    outcome: str  # MET, NOT_MET or NO_DATA
    value: Decimal | None = None  # the indicator's value or the completeness %, when there is one

    @property
    def applicable(self) -> bool:
        return self.outcome != NO_DATA

    @property
    def earned(self) -> int:
        return self.criterion.points if self.outcome == MET else 0


@dataclass
class Classification:
    unit: Unit
    period: str  # "2026H1" or "2026"
    scope: str  # Rollup.Scope
    results: list[CriterionResult]
    earned: int
    applicable: int
    score: Decimal | None  # % of the applicable points, 0.1 precision
    band: ClassificationBand | None


def score_of(earned: int, applicable: int) -> Decimal | None:
    if not applicable:
        return None
    return (Decimal(earned) * 100 / applicable).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band_for(score: Decimal | None, bands: Iterable[ClassificationBand]) -> ClassificationBand | None:
    """The band with the highest minimum that the score reaches."""
    if score is None:
        return None
    reached = [b for b in bands if score >= b.min_score]
    return max(reached, key=lambda b: b.min_score, default=None)


def classify(unit: Unit, period_code: str, approved_only: bool = False) -> Classification:
    """The class of one unit; see classify_many. Http404 for an unknown period."""
    return classify_many([unit], period_code, approved_only)[unit.pk]


def classify_many(units: Iterable[Unit], period_code: str, approved_only: bool = False,
                  rollups: Mapping[tuple[int, str], Rollup] | None = None) -> dict[int, Classification]:
    """The class of each unit, keyed by unit id, in a fixed number of queries however many units:
    periods, criteria, bands, the units' stored totals, their own reports, expected counts.

    `period_code` is a half-year ("2026H1") or a year ("2026"); Http404 for an unknown period.
    With `approved_only`, only approved reports count (values, completeness and on time).
    `rollups`: {(unit id, scope): row} of the units in that period when the caller already read
    them (the dashboard shares its read); a unit missing from it has no stored row.
    """
    units = list(units)
    periods = periods_of(period_code)
    key = periods[0].code if "H" in period_code.upper() else str(periods[0].year)
    scope = scope_for(approved_only)
    criteria = list(ClassificationCriterion.objects.select_related("indicator__numerator", "indicator__denominator"))
    bands = list(ClassificationBand.objects.all())
    if not units:
        return {}
    kinds = {c.kind for c in criteria}
    rows: dict[int, Rollup] = {}
    if rollups is not None:
        rows = {unit_id: r for (unit_id, row_scope), r in rollups.items() if row_scope == scope}
    elif kinds & {Kind.INDICATOR, Kind.COMPLETENESS}:
        rows = _rollups(units, key, scope)
    # Only the parts the criteria read are converted to decimals, not the whole catalogue's.
    read = [c.indicator for c in criteria if c.kind == Kind.INDICATOR and c.indicator is not None]
    expected = _expected(units, periods) if kinds & {Kind.COMPLETENESS, Kind.ON_TIME} else {}
    reports = _own_reports(units, periods, scope) if Kind.ON_TIME in kinds else {}
    out = {}
    for unit in units:
        row = rows.get(unit.pk)
        data = rollup_parts(row, read)
        facts = _Facts(data, row.reports if row else 0, *expected.get(unit.pk, (0, [])), reports)
        results = [_judge(c, unit, facts) for c in criteria]
        earned = sum(r.earned for r in results)
        applicable = sum(r.criterion.points for r in results if r.applicable)
        score = score_of(earned, applicable)
        out[unit.pk] = Classification(unit, key, scope, results, earned, applicable, score, band_for(score, bands))
    return out


@dataclass
class _Facts:
    data: dict[str, tuple[Decimal, int]]  # the subtree's stored totals
    reports: int  # reports that count in the subtree
    expected: int  # reports the subtree is expected to file
    own_periods: list[Period]  # half-years in which the unit itself has to report
    own_reports: dict[tuple[int, int], Report]  # (unit id, period id) → report


def _judge(criterion: ClassificationCriterion, unit: Unit, facts: _Facts) -> CriterionResult:
    if criterion.kind == Kind.INDICATOR:
        indicator, threshold = criterion.indicator, criterion.threshold
        assert indicator is not None and threshold is not None  # criterion_indicator_complete says so
        value = indicator_value(indicator, facts.data)
        if value is None:
            return CriterionResult(criterion, NO_DATA)
        return CriterionResult(criterion, MET if compare(value, criterion.operator, threshold) else NOT_MET, value)
    if criterion.kind == Kind.COMPLETENESS:
        if not facts.expected:
            return CriterionResult(criterion, NO_DATA)
        share = (Decimal(facts.reports) * 100 / facts.expected).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        # Compared exactly (reports × 100 ≥ threshold × expected), not through the rounded share.
        assert criterion.threshold is not None  # a constraint requires it for completeness
        met = facts.reports * 100 >= criterion.threshold * facts.expected
        return CriterionResult(criterion, MET if met else NOT_MET, share)
    if not facts.own_periods:
        return CriterionResult(criterion, NO_DATA)
    own = [facts.own_reports.get((unit.pk, p.pk)) for p in facts.own_periods]
    return CriterionResult(criterion, MET if all(r is not None and on_time(r) for r in own) else NOT_MET)


def _rollups(units: list[Unit], key: str, scope: str) -> dict[int, Rollup]:
    return {r.unit_id: r for r in Rollup.objects.filter(unit__in=[u.pk for u in units], period=key, scope=scope)}


def _own_reports(units: list[Unit], periods: list[Period], scope: str) -> dict[tuple[int, int], Report]:
    """The units' own reports that count in the scope (the roll-up's rule, rollup.SCOPES)."""
    qs = (Report.objects.filter(unit__in=[u.pk for u in units], period__in=periods, status__in=SCOPES[scope])
          .select_related("period").only("unit", "period__deadline", "first_submitted_at"))  # what on_time reads
    return {(r.unit_id, r.period_id): r for r in qs}


def _expected(units: list[Unit], periods: list[Period]) -> dict[int, tuple[int, list[Period]]]:
    """Per unit: how many reports its subtree is expected to file over the periods, and the periods
    in which the unit itself must report (reporting.expected, the one home of that rule)."""
    counts = expected_counts(units, periods)
    return {u.pk: (counts[u.pk], [p for p in periods if reports_itself(u, p)]) for u in units}


def classification_payload(c: Classification) -> dict:
    """A classification as the API returns it."""
    band = c.band
    return {
        "unit": c.unit.code,
        "name": c.unit.name,
        "score": as_json_number(c.score),
        "earned": c.earned,
        "applicable": c.applicable,
        "band": None if band is None else {
            "label": band.label, "label_en": band.label_en, "min_score": as_json_number(band.min_score),
            "colour": band.colour,
        },
        "criteria": [
            {
                "id": r.criterion.pk, "name": r.criterion.name, "name_en": r.criterion.name_en,
                "points": r.criterion.points, "result": r.outcome, "value": as_json_number(r.value),
            }
            for r in c.results
        ],
    }
