"""The coverage matrix (direct subordinates × items of the unit's plan) as an exporter, for the
coverage page and the API's `/plans/{unit}/coverage.{format}`."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.lib.exporters import Cell, Exporter
from greenplan.plans.models import PlanItem
from greenplan.plans.selectors import Coverage, CoverageCell, CoverageRow


def cell_text(cell: CoverageCell) -> str:
    """"1.1, 1.2 · Đang thực hiện": the lower items that concretize the item and their progress;
    empty when the unit did not concretize it."""
    if not cell.concretized:
        return ""
    labels = dict(PlanItem.Status.choices)
    status = f" · {labels[cell.status]}" if cell.status else ""
    return ", ".join(cell.items) + status


def plan_text(row: CoverageRow) -> str:
    if row.plan is None:
        return _("Chưa có kế hoạch")
    return " ".join(filter(None, [row.plan.get_status_display(), row.plan.reference]))


class CoverageExporter(Exporter):
    identifier = "coverage"
    verbose_name = _lazy("Tình hình cụ thể hóa")

    def __init__(self, coverage: Coverage) -> None:
        self.coverage = coverage

    def filename(self) -> str:
        return f"{self.coverage.unit.code}-coverage"

    def columns(self) -> list[str]:
        return [_("Mã đơn vị"), _("Tên đơn vị"), _("Kế hoạch"), _("Số mục đã cụ thể hóa"),
                _("Sáng kiến của đơn vị"), *(f"{ic.item.code}. {ic.item.title}" for ic in self.coverage.items)]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for row in self.coverage.rows:
            has_plan = row.plan is not None
            yield [row.unit.code, row.unit.name, plan_text(row), row.concretized if has_plan else None,
                   row.own_initiatives if has_plan else None,
                   *(cell_text(row.cells[ic.item.code]) for ic in self.coverage.items)]
        yield [None, _("Số đơn vị đã cụ thể hóa"), None, None, None, *(ic.concretized for ic in self.coverage.items)]
