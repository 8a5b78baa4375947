"""The overview's list of direct subordinates (who sent, who is late) as an exporter."""

from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period, Report
from greenplan.reporting.selectors import SubordinateStatus


def timing_label(row: SubordinateStatus) -> str:
    """What the page's badge says: late (sent or not), on time, or nothing yet."""
    sent_at = row.report.first_submitted_at if row.report else None
    if row.late:
        return _("Nộp muộn") if sent_at else _("Quá hạn")
    return _("Đúng hạn") if sent_at else ""


class OverviewExporter(Exporter):
    identifier = "overview"
    verbose_name = _lazy("Tình hình báo cáo")

    def __init__(self, unit: Unit, period: Period, show: str, rows: list[SubordinateStatus]) -> None:
        self.unit, self.period, self.show, self.data = unit, period, show, rows

    def filename(self) -> str:
        return f"{self.unit.code}-{self.period.code}-overview-{self.show}"

    def columns(self) -> list[str]:
        return [_("Mã đơn vị"), _("Tên đơn vị"), _("Loại đơn vị"), _("Trạng thái"), _("Hạn nộp"),
                _("Gửi lần đầu lúc")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for row in self.data:
            sent_at = row.report.first_submitted_at if row.report else None
            state = _("Chờ duyệt") if row.state == Report.Status.SUBMITTED else row.state_label
            yield [row.unit.code, row.unit.name, localized(row.unit.kind), state, timing_label(row),
                   timezone.localtime(sent_at) if sent_at else None]
