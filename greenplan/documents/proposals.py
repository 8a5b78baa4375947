"""The province's list of commendations and sanction recommendations it approved (seed 6.3) as an
official document: the decree's header in the province's name, the title, one table of the
units and people commended (by award level) and one of the employers recommended for sanction
with the inspections' findings, "Nơi nhận" and the signature.

Only approved proposals are listed: the document records what the province decided; the
pending and rejected ones stay on the page and in the .xlsx export.
"""

import datetime
from collections.abc import Sequence

from django.utils import timezone, translation

from greenplan.documents import layout as L
from greenplan.documents.parties import BLANK_NAME, parties_of
from greenplan.emulation.models import Proposal
from greenplan.orgs.models import Unit

COMMEND_HEADER = ("TT", "Đơn vị, cá nhân được đề nghị", "Đơn vị đề nghị", "Hình thức khen thưởng", "Thành tích")
COMMEND_WIDTHS = (1.0, 5.0, 3.2, 3.3, 4.0)
SANCTION_HEADER = ("TT", "Người sử dụng lao động", "Công đoàn cơ sở", "Đơn vị kiến nghị", "Nội dung vi phạm, "
                   "kết quả kiểm tra")
SANCTION_WIDTHS = (1.0, 4.0, 3.5, 3.0, 5.0)
EMPTY_ROW = ("", "Không có.", "", "", "")


def decided(proposals: Sequence[Proposal]) -> tuple[list[Proposal], list[Proposal]]:
    """The approved commendations and sanctions, in the order the province decided them."""
    approved = sorted((p for p in proposals if p.status == Proposal.Status.APPROVED),
                      key=lambda p: (p.decided_at or p.created_at, p.pk))
    return ([p for p in approved if p.kind == Proposal.Kind.COMMENDATION],
            [p for p in approved if p.kind == Proposal.Kind.SANCTION])


def _who(p: Proposal) -> str:
    if p.person_name:
        return f"{p.person_name}, {p.person_position}, {p.unit.name}"
    return p.unit.name


def _findings(p: Proposal) -> str:
    lines = [p.reason]
    lines += [f"Kiểm tra ngày {a.start_on:%d/%m/%Y} ({a.title}): {a.findings}".rstrip(": ")
              for a in p.findings.all()]
    return "\n".join(line for line in lines if line)


def commendation_rows(commendations: Sequence[Proposal]) -> list[tuple[str, ...]]:
    return [(str(n), _who(p), p.proposer.name, p.award.name if p.award else "", p.reason)
            for n, p in enumerate(commendations, start=1)]


def sanction_rows(sanctions: Sequence[Proposal]) -> list[tuple[str, ...]]:
    return [(str(n), p.employer, p.unit.name, p.proposer.name, _findings(p))
            for n, p in enumerate(sanctions, start=1)]


def _subject(approved: Sequence[Proposal], today: datetime.date) -> str:
    """What the list is about: the movement and year of its sheet when every commendation comes
    from one sheet, else only the year (the latest sheet's, or this year)."""
    sheets = {p.sheet_id: p.sheet for p in approved if p.sheet is not None}
    head = "Đề nghị khen thưởng và kiến nghị xử lý vi phạm"
    if len(sheets) == 1:
        [sheet] = sheets.values()
        return f"{head} trong phong trào thi đua “{sheet.movement.name}” năm {sheet.year}"
    year = max((sheet.year for sheet in sheets.values()), default=today.year)
    return f"{head} năm {year}"


def build_proposals(root: Unit, proposals: Sequence[Proposal], *, today: datetime.date | None = None) -> bytes:
    """The list issued by `root` (the province) as .docx bytes."""
    with translation.override("vi"):
        return L.as_bytes(_document(root, proposals, today or timezone.localdate()))


def _document(root: Unit, proposals: Sequence[Proposal], today: datetime.date) -> L.Document:
    commendations, sanctions = decided(proposals)
    doc = L.new_document()
    parties = parties_of(root)
    L.header_block(doc, superior=parties.superior, issuer=parties.issuer,
                   reference=f"Số:      /DS-{parties.symbol}", place=parties.place, day=today)
    L.title(doc, ["Danh sách", _subject([*commendations, *sanctions], today)])
    L.body(doc, f"Căn cứ kết quả chấm điểm, thẩm định của công đoàn các cấp và đề nghị của các đơn vị, "
                f"{parties.issuer} chấp thuận danh sách sau:")
    L.heading(doc, f"I. ĐỀ NGHỊ KHEN THƯỞNG ({len(commendations)})")
    L.table(doc, COMMEND_HEADER, commendation_rows(commendations) or [EMPTY_ROW], COMMEND_WIDTHS)
    L.heading(doc, f"II. KIẾN NGHỊ XỬ LÝ VI PHẠM VỀ MÔI TRƯỜNG, AN TOÀN, VỆ SINH LAO ĐỘNG ({len(sanctions)})")
    L.table(doc, SANCTION_HEADER, sanction_rows(sanctions) or [EMPTY_ROW], SANCTION_WIDTHS)
    L.recipients_and_signature(doc, recipients=[f"{parties.superior} (để báo cáo);", "Các đơn vị có tên trên;",
                                                "Lưu: VT, Ban CSPL&QHLĐ."],
                               capacity=parties.capacity, signer_title=parties.signer_title,
                               signer_name=parties.signer_name or BLANK_NAME)
    return doc


def proposals_stem(root: Unit) -> str:
    return f"danh-sach-khen-thuong-xu-ly-{root.code}"
