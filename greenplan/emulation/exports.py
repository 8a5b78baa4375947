"""The ranking and the province's list of proposals as tables (.xlsx and .csv through the
shared exporter base, greenplan.lib.exporters). The official .docx and .pdf of the decided list
are made by greenplan.documents.proposals (the documents app owns the decree's layout)."""

from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.emulation.models import Proposal, Sheet
from greenplan.emulation.selectors import RankRow
from greenplan.lib.exporters import Cell, Exporter
from greenplan.orgs.models import Unit


class RankingExporter(Exporter):
    identifier = "emulation-ranking"
    verbose_name = _lazy("Xếp hạng thi đua")

    def __init__(self, sheet: Sheet, unit: Unit, rows: Sequence[RankRow], level: str = "") -> None:
        self.sheet, self.unit, self.data, self.level = sheet, unit, rows, level

    def filename(self) -> str:
        suffix = f"-{self.level}" if self.level else ""
        return f"xep-hang-{self.sheet.movement.code}-{self.sheet.year}-{self.unit.code}{suffix}"

    def columns(self) -> list[str]:
        return [_("Hạng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Điểm tự chấm"), _("Điểm thẩm định"),
                _("Hình thức khen thưởng đạt")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for r in self.data:
            yield [r.rank, r.unit.code, r.unit.name, r.self_score, r.verified_score, r.award.name if r.award else ""]


def _who(p: Proposal) -> str:
    if p.person_name:
        return f"{p.person_name} — {p.person_position}"
    return p.employer if p.kind == Proposal.Kind.SANCTION else p.unit.name


class ProposalListExporter(Exporter):
    identifier = "emulation-proposals"
    verbose_name = _lazy("Đề nghị khen thưởng, xử lý")

    def __init__(self, proposals: Sequence[Proposal]) -> None:
        self.data = proposals

    def filename(self) -> str:
        return "de-nghi-khen-thuong-xu-ly"

    def columns(self) -> list[str]:
        return [_("STT"), _("Loại"), _("Đơn vị đề nghị"), _("Đơn vị"), _("Cá nhân, người sử dụng lao động"),
                _("Hình thức khen thưởng"), _("Lý do"), _("Kết quả kiểm tra"), _("Trạng thái"),
                _("Ý kiến của tỉnh"), _("Ngày đề nghị")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for n, p in enumerate(self.data, start=1):
            findings = "; ".join(f"{a.start_on:%d/%m/%Y} {a.title}: {a.findings}".strip() for a in p.findings.all())
            yield [n, p.get_kind_display(), p.proposer.code, f"{p.unit.code} {p.unit.name}", _who(p),
                   p.award.name if p.award else "", p.reason, findings, p.get_status_display(), p.decision_note,
                   timezone.localtime(p.created_at).date()]
