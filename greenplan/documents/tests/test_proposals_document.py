"""The province's decided list of commendations and sanctions as an official document: the
decree's header, the title, one table row per approved proposal (and none for the others), the
signature; refused to everyone but the province's deciders."""

import datetime
import io

import pytest
from docx import Document

from greenplan.activities.services import activity_record
from greenplan.documents import pdf
from greenplan.emulation import services
from greenplan.emulation.models import Proposal
from greenplan.emulation.tests.conftest import AWARDS, CONDITIONS, GROUPS

URL = "/documents/emulation/HP/proposals.docx"


@pytest.fixture
def decided(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = services.sheet_load(actor=tree.users.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"},
                                year=2025, groups=GROUPS, conditions=CONDITIONS, awards=AWARDS)
    bk = sheet.awards.get(code="BK")
    inspection = activity_record(actor=tree.users.reporter_a1, unit=tree.a1, kind="inspection",
                                 title="Kiểm tra xử lý nước thải", start_on=datetime.date(2025, 9, 12),
                                 findings="Xả nước thải chưa qua xử lý ra kênh Tam Bạc.")
    a = tree.users.approver_a

    def make(**kw):
        args = {"actor": a, "proposer": tree.a, "unit": tree.a1, "kind": "commendation", "award": bk}
        return services.proposal_create(**{**args, **kw})

    made = [
        make(reason="Đạt 95 điểm, dẫn đầu khối doanh nghiệp"),
        make(unit=tree.a2, reason="Trồng 300 cây xanh", person_name="Nguyễn Thị Hoa",
             person_position="Chủ tịch công đoàn"),
        make(unit=tree.a2, reason="Chưa đủ điểm"),
        make(kind="sanction", award=None, employer="Công ty TNHH Thép Xanh", reason="Vi phạm quy định xả thải",
             findings=[inspection]),
        make(unit=tree.a2, reason="Còn chờ xem xét"),
    ]
    admin = tree.users.admin
    services.proposal_decide(actor=admin, proposal=made[1], approve=True)
    services.proposal_decide(actor=admin, proposal=made[0], approve=True)
    services.proposal_decide(actor=admin, proposal=made[2], approve=False, note="Chưa đạt 91 điểm")
    services.proposal_decide(actor=admin, proposal=made[3], approve=True)
    return made


def _document(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-khen-thuong-xu-ly-HP.docx"'
    return Document(io.BytesIO(response.content))


def test_the_list_holds_exactly_the_approved_proposals(client, tree, decided):
    doc = _document(client, tree.users.admin)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("DANH SÁCH\nĐề nghị khen thưởng và kiến nghị xử lý vi phạm trong phong trào thi đua “Xanh - Sạch - Đẹp”"
            " năm 2025\n") in text
    header = doc.tables[0].rows[0].cells
    assert header[0].text.splitlines()[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
                                               "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HẢI PHÒNG"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "Hải Phòng, ngày" in header[1].text
    # computed here: approved commendations in the order decided (made[1] then made[0]), then the sanction
    approved = Proposal.objects.filter(status="approved")
    assert approved.count() == 3
    commend = [[c.text for c in row.cells] for row in doc.tables[1].rows[1:]]
    assert commend == [
        ["1", "Nguyễn Thị Hoa, Chủ tịch công đoàn, Công đoàn Trường Tiểu học Lê Lợi", "Công đoàn phường Hồng Bàng",
         "Bằng khen", "Trồng 300 cây xanh"],
        ["2", "Công đoàn Công ty TNHH Thép Xanh", "Công đoàn phường Hồng Bàng", "Bằng khen",
         "Đạt 95 điểm, dẫn đầu khối doanh nghiệp"],
    ]
    sanction = [[c.text for c in row.cells] for row in doc.tables[2].rows[1:]]
    assert len(sanction) == 1 and sanction[0][:4] == ["1", "Công ty TNHH Thép Xanh",
                                                      "Công đoàn Công ty TNHH Thép Xanh", "Công đoàn phường Hồng Bàng"]
    assert "Kiểm tra ngày 12/09/2025 (Kiểm tra xử lý nước thải): Xả nước thải chưa qua xử lý" in sanction[0][4]
    everything = text + " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Chưa đủ điểm" not in everything and "Còn chờ xem xét" not in everything
    assert "I. ĐỀ NGHỊ KHEN THƯỞNG (2)" in text
    signature = doc.tables[-1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:"
    assert signature[1].paragraphs[0].text == "TM. BAN THƯỜNG VỤ" and signature[1].paragraphs[1].text == "CHỦ TỊCH"


def test_an_empty_list_says_so(client, tree):
    doc = _document(client, tree.users.admin)
    assert "Đề nghị khen thưởng và kiến nghị xử lý vi phạm năm " in "\n".join(p.text for p in doc.paragraphs)
    assert [c.text for c in doc.tables[1].rows[1].cells][1] == "Không có."


@pytest.mark.parametrize("who", ["approver_a", "reporter_a1", "viewer_b", "outsider"])
def test_only_the_province_gets_it(client, tree, decided, who):
    client.force_login(getattr(tree.users, who))
    assert client.get(URL).status_code in (403, 404)
    client.force_login(tree.users.admin)
    assert client.get("/documents/emulation/HP-A/proposals.docx").status_code == 403  # a root issues it


def test_without_libreoffice_the_pdf_says_why(client, tree, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    client.force_login(tree.users.admin)
    response = client.get("/documents/emulation/HP/proposals.pdf")
    assert response.status_code == 503 and "libreoffice-writer-nogui" in response.content.decode()
