"""The breakdown table (a subtree by unit kind, sector and ownership) as an exporter: the page's
download and the API's `/breakdowns/{unit}/{period}/table.{format}` write it from the same
`Breakdown` (analytics.breakdown.tables)."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.analytics.breakdown.tables import Breakdown
from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
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
