"""The one rule for comparing a period with the one before it: only two closed periods.

A period still open keeps receiving reports, so its totals grow until it closes: set against a
closed period they show a fall that is only missing reports (53 of 1,188 reports in read as
"−89,9 %"). Two closed periods have both received everything they will receive, so their totals
are like with like. A year is closed when each of its half-years is. Every page that shows a
change between periods (the dashboard, its exports, the compiled report) asks `compare_previous`,
and says on the page what it compared, from `Comparison.note`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from greenplan.analytics.selectors import Aggregate, aggregate, periods_of
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Indicator, Period, Rollup
from greenplan.reporting.periods import parse_period_code

COMPARED, OPEN, NO_PREVIOUS = "compared", "open", "no_previous"


@dataclass
class Comparison:
    code: str
    previous_code: str | None
    basis: str  # COMPARED, OPEN (one of the two periods is still open) or NO_PREVIOUS
    current: Aggregate
    previous: Aggregate | None  # set only when basis is COMPARED

    @property
    def compared(self) -> bool:
        return self.basis == COMPARED

    @property
    def note(self) -> str:
        """What the page compared, in a sentence for the reader."""
        if self.basis == NO_PREVIOUS:
            return _("Không có kỳ trước để so sánh.")
        if self.basis == OPEN:
            return _("Kỳ đang mở: chưa so sánh. Chỉ so sánh hai kỳ đã đóng, khi mọi báo cáo đã được nhận.")
        assert self.previous is not None
        return _("So sánh hai kỳ đã đóng: %(code)s có %(sent)s/%(expected)s báo cáo, "
                 "%(prev)s có %(prev_sent)s/%(prev_expected)s báo cáo.") % {
            "code": self.code, "sent": _received(self.current), "expected": self.current.expected,
            "prev": self.previous_code, "prev_sent": _received(self.previous),
            "prev_expected": self.previous.expected,
        }


def _received(agg: Aggregate) -> int:
    """The reports the totals count: submitted and approved ones, or approved ones only."""
    return agg.approved if agg.scope == Rollup.Scope.APPROVED else agg.submitted


def previous_code(code: str) -> str | None:
    """The existing period before `code`: the half-year before a half-year, the year before a year."""
    year, half = parse_period_code(code)
    if half:
        before = (Period.objects.filter(year__lt=year) | Period.objects.filter(year=year, half__lt=half))
        found = before.order_by("-year", "-half").values_list("code", flat=True).first()
        return str(found) if found else None
    found_year = Period.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    return str(found_year) if found_year else None


def is_closed(code: str) -> bool:
    """A half-year is closed when it no longer takes reports; a year when both halves are."""
    periods = periods_of(code)
    return all(not p.is_open for p in periods) and (len(periods) == 2 or "H" in code.upper())


def compare_previous(unit: Unit, current: Aggregate, approved_only: bool,
                     indicators: list[Indicator] | None = None) -> Comparison:
    """`current` (the unit's totals for its period) and the totals of the period before, when the
    rule allows comparing them."""
    code = current.period
    prev_code = previous_code(code)
    if prev_code is None:
        return Comparison(code, None, NO_PREVIOUS, current, None)
    if not (is_closed(code) and is_closed(prev_code)):
        return Comparison(code, prev_code, OPEN, current, None)
    previous = aggregate(unit, prev_code, approved_only, indicators)
    return Comparison(code, prev_code, COMPARED, current, previous)
