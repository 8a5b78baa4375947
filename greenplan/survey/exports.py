"""A survey's results as a table (.xlsx, .csv) through the shared exporter base."""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.lib.exporters import Cell, Exporter
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.survey.models import Survey
from greenplan.survey.selectors import Results
from greenplan.survey.texts import option_labels


def share(n: int, total: int) -> Decimal | None:
    """n as a percentage of `total` responses, to one decimal (None when nobody answered)."""
    return None if not total else (Decimal(n * 100) / total).quantize(Decimal("0.1"))


class ResultsExporter(Exporter):
    """One row per question and option; a number or text question has one row."""

    identifier = "survey-results"
    verbose_name = _lazy("Kết quả khảo sát")

    def __init__(self, survey: Survey, unit: Unit, results: Results, *, sector: str = "",
                 ownership: str = "") -> None:
        self.survey, self.unit, self.results = survey, unit, results
        self.sector, self.ownership = sector, ownership

    def filename(self) -> str:
        parts = [f"khao-sat-{self.survey.pk}-{self.unit.code}", self.sector, self.ownership]
        return "-".join(p for p in parts if p)

    def columns(self) -> list[str]:
        return [_("Mã câu hỏi"), _("Câu hỏi"), _("Loại câu hỏi"), _("Mã lựa chọn"), _("Lựa chọn"),
                _("Số trả lời"), _("Tỷ lệ trên số phiếu (%)"), _("Trung bình")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        total = self.results.responses
        for qr in self.results.questions:
            q = qr.question
            labels = option_labels(q)
            head = [q.code, localized(q, "text"), str(q.get_kind_display())]
            if qr.counts:
                for code, n in qr.counts.items():
                    yield [*head, code, labels.get(code, code), n, share(n, total), qr.mean]
            else:
                yield [*head, "", "", qr.answered, share(qr.answered, total), qr.mean]
