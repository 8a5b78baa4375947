"""The dashboard's tables as exporters: the indicators, the ranking of the direct subordinates
(with their classification) and the plan targets. The page and its downloads read the same
`Dashboard` (analytics.dashboard.build)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy

from greenplan.analytics import dashboard as dash
from greenplan.analytics.breakdown.exports import SubordinatesExporter
from greenplan.analytics.classification.exports import ClassificationExporter
from greenplan.analytics.classification.scores import Classification
from greenplan.analytics.evaluation import MET, NO_DATA, NOT_MET
from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized, measure

STATUS_LABELS: dict[str | None, tuple[Any, str]] = {
    MET: (_lazy("Đạt"), "success"),
    NOT_MET: (gettext_lazy("Chưa đạt"), "danger"),  # gettext_lazy by name: makemessages skips "_lazy"
    NO_DATA: (_lazy("Chưa có số liệu"), "light"),
}


def class_label(c: Classification | None) -> str | None:
    if c is None or c.score is None:
        return None
    return localized(c.band, "label") if c.band else _("Chưa xếp loại")


class DashboardExporter(Exporter):
    table: str

    def __init__(self, board: dash.Dashboard) -> None:
        self.board = board

    def filename(self) -> str:
        scope = "approved" if self.board.approved_only else "counted"
        return f"{self.board.unit.code}-{self.board.code}-{self.table}-{scope}"


class IndicatorsExporter(DashboardExporter):
    identifier = "dashboard-indicators"
    verbose_name = _lazy("Chỉ tiêu")
    table = "indicators"

    def columns(self) -> list[str]:
        board = self.board
        return [
            _("Nhóm"), _("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"),
            _("Kỳ %(period)s") % {"period": board.code},
            _("Kỳ %(period)s") % {"period": board.previous_code} if board.previous_code else _("Kỳ trước"),
            _("Thay đổi"), _("Thay đổi (%)"),
        ]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for g in self.board.groups:
            for r in g.rows:
                yield [g.group, r.indicator.code, localized(r.indicator), measure(r.indicator.unit), r.value,
                       r.previous, r.change, r.change_pct]


class RankingExporter(DashboardExporter):
    """The direct subordinates ranked on the chosen indicator, with their completeness and class."""

    identifier = "dashboard-ranking"
    verbose_name = _lazy("Đơn vị trực thuộc")

    def __init__(self, board: dash.Dashboard, rows: list[dash.SubordinateRow] | None = None) -> None:
        super().__init__(board)
        self.listed = rows  # the page's level and search; None: the direct subordinates

    @property
    def table(self) -> str:  # type: ignore[override]
        return self.board.indicator.code if self.board.indicator else "units"

    def columns(self) -> list[str]:
        ind = self.board.indicator
        value = f"{localized(ind)} ({ind.unit})" if ind and ind.unit else (localized(ind) if ind else _("Giá trị"))
        return [_("Hạng"), _("Mã đơn vị"), _("Tên đơn vị"), value, _("So với mục tiêu"),
                _("Số đơn vị phải báo cáo"), _("Đã nộp"), _("Đã duyệt"), _("Đúng hạn"), _("Điểm xếp loại (%)"),
                _("Xếp loại")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for r in self.board.subordinates if self.listed is None else self.listed:
            c = r.classification
            yield [r.rank, r.unit.code, r.unit.name, r.value,
                   str(STATUS_LABELS[r.target_status][0]) if r.target_status else None,
                   r.expected, r.submitted, r.approved, r.on_time,
                   c.score if c is not None and c.score is not None else None, class_label(c)]


class TargetsExporter(DashboardExporter):
    identifier = "dashboard-targets"
    verbose_name = _lazy("Mục tiêu")
    table = "targets"

    def columns(self) -> list[str]:
        return [_("Mục"), _("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Phép so sánh"), _("Mục tiêu"), _("Thực hiện"),
                _("Đánh giá"), _("Kế hoạch"), _("Đơn vị trực thuộc đạt"), _("Đơn vị trực thuộc chưa đạt"),
                _("Đơn vị trực thuộc chưa có số liệu")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        board = self.board
        for check in board.targets:
            t = check.target
            counts = board.subordinate_counts(t.indicator.code) if board.subordinates else {}
            yield [t.item.code, t.indicator.code, localized(t.indicator), t.get_operator_display(), t.value,
                   check.actual, str(STATUS_LABELS[check.status][0]), check.plan.reference or check.plan.unit.code,
                   counts.get(MET), counts.get(NOT_MET), counts.get(NO_DATA)]


def _subordinates(board: dash.Dashboard) -> Exporter:
    return SubordinatesExporter(board.unit, board.code, board.approved_only)


def _classification(board: dash.Dashboard) -> Exporter:
    return ClassificationExporter(board.unit, board.code, board.approved_only)


# ?table= on the dashboard → the exporter of that table, built from the page's Dashboard.
DASHBOARD_TABLES: dict[str, Callable[[dash.Dashboard], Exporter]] = {
    "indicators": IndicatorsExporter,
    "units": RankingExporter,
    "targets": TargetsExporter,
    "subordinates": _subordinates,
    "classification": _classification,
}
