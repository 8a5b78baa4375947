"""The subtree split two ways, as exporters: by unit kind, sector and ownership (the breakdown
page and the API's `/breakdowns/{unit}/{period}/table.{format}`, from the same `Breakdown` of
analytics.breakdown.tables), and by direct subordinate (the dashboard and the API's
`/aggregates/{unit}/{period}/subordinates.{format}`, from `aggregate_many`)."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.analytics.breakdown.tables import Breakdown
from greenplan.analytics.selectors import active_indicators, aggregate_many
from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children
from greenplan.reporting.models import Indicator


def dimension_labels() -> dict[str, str]:
    return {"kind": _("Loại đơn vị"), "sector": _("Ngành, lĩnh vực"), "ownership": _("Loại hình")}


def is_count(ind: Indicator) -> bool:
    # A yes/no indicator adds up to a number of units answering yes, shown with its share.
    return ind.aggregation == Indicator.Aggregation.YES_COUNT


class BreakdownExporter(Exporter):
    identifier = "breakdown"
    verbose_name = _lazy("Phân tích")

    def __init__(self, result: Breakdown) -> None:
        self.result = result

    def filename(self) -> str:
        r = self.result
        scope = "approved" if r.approved_only else "counted"
        return f"{r.unit.code}-{r.period}-breakdown-{'-'.join(r.by)}-{scope}"

    def columns(self) -> list[str]:
        labels = dimension_labels()
        headers = [labels[d] for d in self.result.by] + [_("Số đơn vị phải báo cáo"), _("Số báo cáo được tính")]
        for ind in self.result.indicators:
            headers.append(f"{localized(ind)} ({ind.unit})" if ind.unit else localized(ind))
            if is_count(ind):
                headers.append(_("%(name)s — tỷ lệ có (%%)") % {"name": localized(ind)})
        return headers

    def rows(self) -> Iterable[Sequence[Cell]]:
        for row in [*self.result.rows, self.result.total]:
            line: list[Cell] = [g.label for g in row.groups] + [row.expected, row.reports]
            for ind in self.result.indicators:
                line.append(row.values.get(ind.code))
                if is_count(ind):
                    line.append(row.shares.get(ind.code))
            yield line


class SubordinatesExporter(Exporter):
    """Aggregates by subordinate: each direct subordinate's subtree totals (every indicator, by
    the rules of `/aggregates`) with its completeness, one row per unit. Five queries."""

    identifier = "subordinates"
    verbose_name = _lazy("Theo đơn vị trực thuộc")

    def __init__(self, unit: Unit, code: str, approved_only: bool) -> None:
        self.unit, self.code, self.approved_only = unit, code, approved_only
        self.indicators = active_indicators()

    def filename(self) -> str:
        scope = "approved" if self.approved_only else "counted"
        return f"{self.unit.code}-{self.code}-subordinates-{scope}"

    def columns(self) -> list[str]:
        headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Số đơn vị phải báo cáo"), _("Đã nộp"), _("Đã duyệt"),
                   _("Đúng hạn")]
        for ind in self.indicators:
            name = f"{localized(ind)} ({ind.unit})" if ind.unit else localized(ind)
            headers.append(f"{name} [{ind.code}]")
        return headers

    def rows(self) -> Iterable[Sequence[Cell]]:
        children = list(unit_children(self.unit))
        found = aggregate_many(children, self.code, self.approved_only, self.indicators)
        for child in children:
            agg = found[child.pk]
            yield [child.code, child.name, agg.expected, agg.submitted, agg.approved, agg.on_time,
                   *(agg.values.get(ind.code) for ind in self.indicators)]
