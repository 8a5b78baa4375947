"""The ranking and the province's list of proposals as tables (.xlsx and .csv through the
shared exporter base, greenplan.lib.exporters) and the list as a simple .docx."""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from docx import Document
from docx.shared import Pt

from greenplan.emulation.models import Proposal, Sheet
from greenplan.emulation.selectors import RankRow
from greenplan.lib.exporters import Cell, Exporter, csv_text
from greenplan.orgs.models import Unit

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class RankingExporter(Exporter):
    identifier = "emulation-ranking"
    verbose_name = _lazy("Xếp hạng thi đua")

    def __init__(self, sheet: Sheet, unit: Unit, rows: Sequence[RankRow]) -> None:
        self.sheet, self.unit, self.data = sheet, unit, rows

    def filename(self) -> str:
        return f"xep-hang-{self.sheet.movement.code}-{self.sheet.year}-{self.unit.code}"

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


def proposals_docx(proposals: Sequence[Proposal]) -> HttpResponse:
    """The list as a plain Word table (the official document format belongs to the documents app)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    doc.add_heading(_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG VÀ KIẾN NGHỊ XỬ LÝ VI PHẠM"), level=1)
    exporter = ProposalListExporter(proposals)
    headers, body = exporter.columns(), [list(r) for r in exporter.rows()]
    keep = [0, 1, 3, 4, 5, 6, 8]
    table = doc.add_table(rows=1, cols=len(keep))
    table.style = "Table Grid"
    for cell, i in zip(table.rows[0].cells, keep, strict=True):
        cell.text = str(headers[i])
    for row in body:
        cells = table.add_row().cells
        for cell, i in zip(cells, keep, strict=True):
            cell.text = csv_text(row[i])
    buffer = io.BytesIO()
    doc.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="de-nghi-khen-thuong-xu-ly.docx"'
    return response
