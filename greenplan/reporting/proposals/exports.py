"""The compiled difficulties and proposals as an exporter, each row naming its unit."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.reporting.proposals.selectors import NarrativeRow


class ProposalsExporter(Exporter):
    identifier = "proposals"
    verbose_name = _lazy("Khó khăn, kiến nghị")

    def __init__(self, unit: Unit, period: Period, rows: list[NarrativeRow]) -> None:
        self.unit, self.period, self.data = unit, period, rows

    def filename(self) -> str:
        return f"{self.unit.code}-{self.period.code}-proposals"

    def columns(self) -> list[str]:
        return [_("Mã đơn vị"), _("Tên đơn vị"), _("Loại đơn vị"), _("Đơn vị cấp trên trực tiếp"), _("Trạng thái"),
                _("Khó khăn, vướng mắc"), _("Kiến nghị, đề xuất")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for row in self.data:
            yield [row.unit.code, row.unit.name, localized(row.unit.kind), row.superior.name if row.superior else None,
                   row.report.get_status_display(), row.difficulties, row.proposals]
