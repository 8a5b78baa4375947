"""A unit's activities (or its whole subtree's), as the list page shows them (with its filters), as an exporter."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.activities.models import Activity
from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit


class ActivitiesExporter(Exporter):
    identifier = "activities"
    verbose_name = _lazy("Hoạt động")

    def __init__(self, unit: Unit, activities: list[Activity], *, item_code: str = "", year: int | None = None,
                 subtree: bool = False) -> None:
        self.unit, self.activities, self.item_code, self.year = unit, activities, item_code, year
        self.subtree = subtree  # the activities of the unit's whole subtree: each row names its unit

    def filename(self) -> str:
        parts = [self.unit.code, "activities", "subtree" if self.subtree else "", self.item_code, str(self.year or "")]
        return "-".join(p for p in parts if p)

    def columns(self) -> list[str]:
        own = [_("Ngày thực hiện"), _("Đến ngày"), _("Loại hoạt động"), _("Tên hoạt động"), _("Mục kế hoạch"),
               _("Số người tham gia"), _("Kinh phí (đồng)"), _("Nội dung"), _("Kết quả, phát hiện"),
               _("Minh chứng"), _("Người ghi"), _("Số cây trồng")]
        return [_("Mã đơn vị"), _("Đơn vị"), *own] if self.subtree else own

    def rows(self) -> Iterable[Sequence[Cell]]:
        for a in self.activities:
            row: list[Cell] = [
                a.start_on, a.end_on, a.get_kind_display(), a.title, a.item.code if a.item else None,
                a.participants, a.cost, a.description, a.findings, ", ".join(f.name for f in a.evidence.all()),
                str(a.recorded_by) if a.recorded_by else None, a.trees,
            ]
            yield [a.unit.code, localized(a.unit), *row] if self.subtree else row
