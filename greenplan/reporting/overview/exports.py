"""The overview's list (any scope, with its filter and search) as an exporter."""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.reporting.overview.selectors import ScopeRow, as_rows


def timing_label(row: ScopeRow) -> str:
    """What the page's badge says: late (sent or not), on time, or nothing yet."""
    if row.late:
        return _("Nộp muộn") if row.sent_at else _("Quá hạn")
    return _("Đúng hạn") if row.sent_at else ""


class OverviewExporter(Exporter):
    identifier = "overview"
    verbose_name = _lazy("Tình hình báo cáo")

    def __init__(self, unit: Unit, period: Period, show: str, units: QuerySet[Unit]) -> None:
        self.unit, self.period, self.show, self.units = unit, period, show, units

    def filename(self) -> str:
        return f"{self.unit.code}-{self.period.code}-overview-{self.show}"

    def columns(self) -> list[str]:
        return [_("Mã đơn vị"), _("Tên đơn vị"), _("Loại đơn vị"), _("Trạng thái"), _("Hạn nộp"),
                _("Gửi lần đầu lúc")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        # The whole filtered scope, read in chunks: a province is ~9,000 rows.
        chunk: list[Unit] = []
        for unit in self.units.iterator(chunk_size=2000):
            chunk.append(unit)
            if len(chunk) == 2000:
                yield from self._lines(chunk)
                chunk = []
        yield from self._lines(chunk)

    def _lines(self, units: list[Unit]) -> Iterable[Sequence[Cell]]:
        for row in as_rows(units, self.period):
            yield [row.unit.code, row.unit.name, localized(row.unit.kind), row.state_label, timing_label(row),
                   timezone.localtime(row.sent_at) if row.sent_at else None]
