"""A proposed practice reaches the reviewers of the unit's direct superior; its return and its
publication reach the proposing unit; a refused write tells nobody."""

import pytest
from django.core.exceptions import ValidationError

from greenplan.notifications.models import Notification
from greenplan.practices import services as S


def _told(kind="practice"):
    return sorted((n.user.username, n.title, n.url) for n in Notification.objects.filter(kind=kind)
                  .select_related("user"))


def _propose(tree):
    return S.practice_propose(actor=tree.users.reporter_a1, unit=tree.a1, group=3, title="Tiết kiệm điện",
                              done="Thay đèn LED.")


def test_a_proposal_reaches_the_direct_superior(tree):
    practice = _propose(tree)
    url = f"/practices/{practice.pk}/"
    assert _told() == [("approver_a", "Công đoàn Công ty TNHH Thép Xanh đề xuất mô hình hay: Tiết kiệm điện", url)]


def test_a_return_and_the_new_proposal_go_back_and_forth(tree):
    practice = _propose(tree)
    Notification.objects.all().delete()
    S.practice_return(actor=tree.users.approver_a, practice=practice, comment="Bổ sung số liệu điện năng")
    [note] = Notification.objects.filter(kind="practice")
    assert (note.user, note.body) == (tree.users.reporter_a1, "Bổ sung số liệu điện năng")
    assert "được trả lại để sửa" in note.title
    Notification.objects.all().delete()
    S.practice_update(actor=tree.users.reporter_a1, practice=practice, data={"results": "Giảm 12% điện năng"})
    assert [u for u, _title, _url in _told()] == ["approver_a"]


def test_a_publication_reaches_the_unit(tree):
    practice = _propose(tree)
    S.practice_publish(actor=tree.users.approver_a, practice=practice)
    published = [n for n in Notification.objects.filter(kind="practice") if "đã được giới thiệu" in n.title]
    assert [n.user for n in published] == [tree.users.reporter_a1]


def test_a_refused_proposal_tells_nobody(tree):
    with pytest.raises(ValidationError):
        S.practice_propose(actor=tree.users.reporter_a1, unit=tree.a1, group=9, title="", done="")
    assert not Notification.objects.exists()
