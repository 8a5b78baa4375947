"""Proposals to commend or sanction (seed 6.3): made by a superior about its subtree, decided by
the province, exported as .xlsx and .docx."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from greenplan.activities.services import activity_record
from greenplan.emulation import services
from greenplan.emulation.models import Proposal


@pytest.fixture
def bk(sheet):
    return sheet.awards.get(code="BK")


@pytest.fixture
def inspection(tree):
    return activity_record(actor=tree.users.reporter_a1, unit=tree.a1, kind="inspection",
                           title="Kiểm tra xử lý nước thải", start_on=datetime.date(2025, 9, 12),
                           findings="Xả nước thải chưa qua xử lý ra kênh Tam Bạc.")


def _commend(tree, bk, **kw):
    args = {"actor": tree.users.approver_a, "proposer": tree.a, "unit": tree.a1, "kind": "commendation",
            "award": bk, "reason": "Đạt 95 điểm, dẫn đầu khối doanh nghiệp"}
    return services.proposal_create(**{**args, **kw})


def test_a_superior_proposes_a_unit_of_its_subtree(tree, bk):
    proposal = _commend(tree, bk)
    assert (proposal.status, proposal.unit, proposal.award, proposal.sheet) == ("proposed", tree.a1, bk, bk.sheet)


def test_a_person_needs_a_name_and_a_position(tree, bk):
    with pytest.raises(ValidationError) as caught:
        _commend(tree, bk, person_name="Nguyễn Thị Hoa")
    assert "person_position" in caught.value.message_dict
    proposal = _commend(tree, bk, person_name="Nguyễn Thị Hoa", person_position="Chủ tịch công đoàn")
    assert proposal.person_position == "Chủ tịch công đoàn"


def test_it_refuses_a_unit_outside_the_subtree_and_nothing_is_saved(tree, bk):
    with pytest.raises(PermissionDenied):
        _commend(tree, bk, unit=tree.b1)
    with pytest.raises(PermissionDenied):  # the proposer's own unit is not below it
        _commend(tree, bk, unit=tree.a)
    with pytest.raises(PermissionDenied):  # a reporter is no superior
        _commend(tree, bk, actor=tree.users.reporter_a1, proposer=tree.a1)
    assert not Proposal.objects.exists()


def test_a_commendation_needs_an_award_and_a_reason(tree, bk):
    with pytest.raises(ValidationError) as caught:
        _commend(tree, None, reason="  ")
    assert set(caught.value.message_dict) == {"award", "reason"}


def test_a_sanction_names_the_employer_and_cites_inspections(tree, inspection):
    args = {"actor": tree.users.approver_a, "proposer": tree.a, "unit": tree.a1, "kind": "sanction",
            "reason": "Vi phạm quy định về xả thải"}
    with pytest.raises(ValidationError) as caught:
        services.proposal_create(**args, findings=[inspection])
    assert "employer" in caught.value.message_dict
    proposal = services.proposal_create(**args, employer="Công ty TNHH Thép Xanh", findings=[inspection])
    assert list(proposal.findings.all()) == [inspection] and proposal.award is None


def test_only_inspections_are_findings(tree):
    other = activity_record(actor=tree.users.reporter_a1, unit=tree.a1, kind="tree_planting", title="Trồng cây",
                            start_on=datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="sanction",
                                 reason="x", employer="Công ty A", findings=[other])
    assert "findings" in caught.value.message_dict


def test_the_province_decides(tree, bk):
    proposal = _commend(tree, bk)
    with pytest.raises(PermissionDenied):
        services.proposal_decide(actor=tree.users.approver_a, proposal=proposal, approve=True)
    with pytest.raises(ValidationError):  # a rejection says why
        services.proposal_decide(actor=tree.users.admin, proposal=proposal, approve=False)
    proposal = services.proposal_decide(actor=tree.users.admin, proposal=proposal, approve=True, note="Đồng ý")
    assert (proposal.status, proposal.decided_by, proposal.decision_note) == ("approved", tree.users.admin, "Đồng ý")
    with pytest.raises(ValidationError):
        services.proposal_decide(actor=tree.users.admin, proposal=proposal, approve=False, note="Đổi ý")


def test_the_province_exports_the_list(client, tree, bk, inspection):
    _commend(tree, bk, person_name="Nguyễn Thị Hoa", person_position="Chủ tịch công đoàn")
    services.proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="sanction",
                             reason="Xả thải", employer="Công ty TNHH Thép Xanh", findings=[inspection])
    client.force_login(tree.users.admin)
    response = client.get("/emulation/proposals/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "Nguyễn Thị Hoa — Chủ tịch công đoàn" in text and "Xả nước thải chưa qua xử lý" in text
    page = client.get("/emulation/proposals/").content.decode()
    assert 'href="/documents/emulation/HP/proposals.docx"' in page
    assert 'href="/documents/emulation/HP/proposals.pdf"' in page
    response = client.get("/emulation/proposals/?format=csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and "Công ty TNHH Thép Xanh" in text and "Nguyễn Thị Hoa" in text


def test_the_proposer_sees_the_list_but_does_not_export_it(client, tree, bk):
    _commend(tree, bk)
    client.force_login(tree.users.approver_a)
    assert client.get("/emulation/proposals/").status_code == 200
    assert client.get("/emulation/proposals/?format=xlsx").status_code == 403
    assert client.get("/emulation/proposals/?format=csv").status_code == 403
    client.force_login(tree.users.reporter_a2)
    assert "Đạt 95 điểm" not in client.get("/emulation/proposals/").content.decode()
