"""The classification of a unit and of its direct subordinates as an exporter: score, points,
class and each criterion's result. The dashboard's `?table=classification` download and the
API's `/classifications/{unit}/{period}/table.{fmt}` write it from the same `classify_many`."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.analytics.classification.scores import Classification, classify_many
from greenplan.analytics.evaluation import MET, NO_DATA, NOT_MET
from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children

OUTCOMES = {MET: _lazy("Đạt"), NOT_MET: _lazy("Chưa đạt"), NO_DATA: _lazy("Chưa có số liệu")}


class ClassificationExporter(Exporter):
    identifier = "classification"
    verbose_name = _lazy("Xếp loại")

    def __init__(self, unit: Unit, code: str, approved_only: bool) -> None:
        self.unit, self.code, self.approved_only = unit, code, approved_only
        self.units = [unit, *unit_children(unit)]
        found = classify_many(self.units, code, approved_only)
        self.found: list[Classification] = [found[u.pk] for u in self.units]

    def filename(self) -> str:
        scope = "approved" if self.approved_only else "counted"
        period = self.found[0].period if self.found else self.code  # "2026H1" even when asked "2026h1"
        return f"{self.unit.code}-{period}-classification-{scope}"

    def columns(self) -> list[str]:
        criteria = self.found[0].results if self.found else []
        return [_("Mã đơn vị"), _("Tên đơn vị"), _("Điểm xếp loại (%)"), _("Số điểm đạt"), _("Số điểm áp dụng"),
                _("Xếp loại"), *(f"{localized(r.criterion)} ({r.criterion.points})" for r in criteria)]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for c in self.found:
            band = localized(c.band, "label") if c.band else (_("Chưa xếp loại") if c.score is not None else None)
            yield [c.unit.code, c.unit.name, c.score, c.earned, c.applicable, band,
                   *(str(OUTCOMES[r.outcome]) for r in c.results)]
