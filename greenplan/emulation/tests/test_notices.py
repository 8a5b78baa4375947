"""Emulation events reach the people who act next: a proposal the province's deciders, a
returned or adjusted self-score the unit; a refused write tells nobody."""

import pytest
from django.core.exceptions import ValidationError

from greenplan.emulation import services
from greenplan.notifications.models import Notification
from greenplan.testing.personas import make_user


def _told():
    return [(n.user.username, n.title, n.url) for n in
            Notification.objects.filter(kind="emulation").select_related("user").order_by("user__username")]


def test_a_proposal_reaches_the_province(tree, sheet):
    from greenplan.accounts.models import Role

    make_user("approver_hp", tree.root, Role.APPROVER)
    services.proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="commendation",
                             award=sheet.awards.get(code="BK"), reason="Dẫn đầu khối doanh nghiệp")
    title = "Công đoàn phường Hồng Bàng gửi đề nghị khen thưởng: Công đoàn Công ty TNHH Thép Xanh"
    assert _told() == [("admin", title, "/emulation/proposals/"), ("approver_hp", title, "/emulation/proposals/")]


def test_a_refused_proposal_tells_nobody(tree, sheet):
    with pytest.raises(ValidationError):
        services.proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="commendation",
                                 award=None, reason="")
    assert not Notification.objects.exists()


def test_a_return_reaches_the_unit(tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 10, "1.2": 10, "2.1": 10})
    services.entry_return(actor=tree.users.approver_a, entry=entry, reason="Thiếu ảnh cây xanh")
    [note] = Notification.objects.filter(kind="emulation")
    assert (note.user, note.body) == (tree.users.reporter_a1, "Thiếu ảnh cây xanh")
    assert note.title == "Cấp trên trả lại bảng tự chấm điểm thi đua năm 2025"
    assert note.url == "/emulation/XSD/2025/units/HP-A-01/"


def test_an_adjustment_reaches_the_unit_and_a_plain_check_does_not(tree, take_part):
    entry = take_part(tree.a1, tree.users.reporter_a1, {"1.1": 10, "1.2": 10, "2.1": 10})
    services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"1.1": "10"})  # the unit's own
    assert not Notification.objects.exists()
    services.entry_verify(actor=tree.users.approver_a, entry=entry, points={"1.1": "8"},
                          reasons={"1.1": "Thiếu ảnh"}, conditions={"DK1": "0"},
                          condition_reasons={"DK1": "Có tai nạn tháng 8"})
    [note] = Notification.objects.filter(kind="emulation")
    assert note.user == tree.users.reporter_a1 and note.body == "Tiêu chí, điều kiện được điều chỉnh: 1.1, DK1."
