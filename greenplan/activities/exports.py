"""A unit's activities, as the list page shows them (with its item and year filters), as an exporter."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.activities.models import Activity
from greenplan.lib.exporters import Cell, Exporter
from greenplan.orgs.models import Unit


class ActivitiesExporter(Exporter):
    identifier = "activities"
    verbose_name = _lazy("Hoạt động")

    def __init__(self, unit: Unit, activities: list[Activity], *, item_code: str = "", year: int | None = None) -> None:
        self.unit, self.activities, self.item_code, self.year = unit, activities, item_code, year

    def filename(self) -> str:
        parts = [self.unit.code, "activities", self.item_code, str(self.year or "")]
        return "-".join(p for p in parts if p)

    def columns(self) -> list[str]:
        return [_("Ngày thực hiện"), _("Đến ngày"), _("Loại hoạt động"), _("Tên hoạt động"), _("Mục kế hoạch"),
                _("Số người tham gia"), _("Kinh phí (đồng)"), _("Nội dung"), _("Kết quả, phát hiện"),
                _("Minh chứng"), _("Người ghi")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for a in self.activities:
            yield [a.start_on, a.end_on, a.get_kind_display(), a.title, a.item.code if a.item else None,
                   a.participants, a.cost, a.description, a.findings, ", ".join(f.name for f in a.evidence.all()),
                   str(a.recorded_by) if a.recorded_by else None]
