from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from greenplan.reporting.errors import InvalidValues, StaleVersion, WrongState
from greenplan.reporting.models import Report, ReportEvent, ReportValue
from greenplan.reporting.services import (
    report_approve,
    report_reopen,
    report_return,
    report_save,
    report_submit,
    stored_values,
)
from greenplan.testing.factories import full_values


def save(tree, period, version=0, user=None, unit=None, **kwargs):
    return report_save(actor=user or tree.users.reporter_a1, unit=unit or tree.a1, period=period,
                       version=version, **kwargs)


def test_a_first_save_creates_version_one(tree, period):
    result = save(tree, period, values={"G3_SESSIONS": 3}, narrative={"results": "Tốt"})
    report = result.report
    assert (report.version, report.status, report.results) == (1, "draft", "Tốt")
    assert stored_values(report) == {"G3_SESSIONS": Decimal(3)}


def test_partial_saves_keep_the_other_values(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3, "G3_MEDIA": 4})
    report = save(tree, period, version=1, values={"G3_MEDIA": 5}).report
    assert stored_values(report) == {"G3_SESSIONS": 3, "G3_MEDIA": 5}


def test_none_clears_a_value(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    report = save(tree, period, version=1, values={"G3_SESSIONS": None}).report
    assert stored_values(report) == {}


def test_a_refused_save_saves_nothing(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, version=1, values={"G3_SESSIONS": 9, "G3_MEDIA": -1, "BAD": 1},
             narrative={"results": "changed"})
    assert set(exc.value.errors) == {"G3_MEDIA", "BAD"}
    report = Report.objects.get()
    assert (report.version, report.results) == (1, "")
    assert stored_values(report) == {"G3_SESSIONS": 3}


def test_a_rule_between_old_and_new_values_is_checked(tree, period):
    save(tree, period, values={"G7_PROCUREMENT_TOTAL": 10})
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, version=1, values={"G7_PROCUREMENT_GREEN": 11})
    assert "G7_PROCUREMENT_GREEN" in exc.value.errors


def test_a_stale_version_is_refused_and_says_what_changed(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    save(tree, period, version=1, values={"G3_SESSIONS": 4}, user=tree.users.approver_a)
    with pytest.raises(StaleVersion) as exc:
        save(tree, period, version=1, values={"G3_SESSIONS": 5})
    assert exc.value.current == 2
    assert exc.value.changes[0]["by"] == "approver_a"
    assert exc.value.changes[0]["changes"] == [{"field": "G3_SESSIONS", "old": "3", "new": "4"}]
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 4}


def test_creating_a_report_that_exists_is_stale(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    with pytest.raises(StaleVersion):
        save(tree, period, version=0, values={"G3_SESSIONS": 5})


@pytest.mark.parametrize("user", ["reporter_a2", "viewer_b", "outsider"])
def test_others_may_not_save(tree, period, user):
    with pytest.raises(PermissionDenied):
        save(tree, period, user=getattr(tree.users, user), values={"G3_SESSIONS": 1})
    assert not Report.objects.exists()


def test_a_superior_reporter_may_enter_for_a_grassroots_unit(tree, period):
    assert save(tree, period, user=tree.users.approver_a, values={"G3_SESSIONS": 1}).report.version == 1


def test_a_closed_period_cannot_be_edited(tree, period):
    period.is_open = False
    period.save()
    with pytest.raises(WrongState):
        save(tree, period, values={"G3_SESSIONS": 1})


def test_submit_needs_every_required_indicator(tree, period):
    save(tree, period, values={"G3_SESSIONS": 1})
    with pytest.raises(InvalidValues) as exc:
        report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    assert exc.value.errors["MEMBERS"] == "Chưa nhập chỉ tiêu bắt buộc."
    assert "G5_ELECTRICITY_KWH" not in exc.value.errors
    assert Report.objects.get().status == "draft"


def submitted(tree, period):
    save(tree, period, values=full_values())
    return report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)


def test_the_whole_workflow_and_its_timeline(tree, period):
    report = submitted(tree, period)
    assert report.status == "submitted" and report.counted_in == [tree.root.pk, tree.a.pk, tree.a1.pk]
    with pytest.raises(WrongState):
        save(tree, period, version=report.version, values={"G3_SESSIONS": 2})
    report = report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Thiếu số liệu")
    assert (report.status, report.return_comment) == ("returned", "Thiếu số liệu")
    save(tree, period, version=report.version, values={"G3_SESSIONS": 2})
    report = report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    report = report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    assert report.status == "approved" and report.decided_by == tree.users.approver_a
    with pytest.raises(WrongState):
        save(tree, period, version=report.version, values={"G3_SESSIONS": 3})
    report = report_reopen(actor=tree.users.admin, unit=tree.a1, period=period, comment="Sửa số đoàn viên")
    assert report.status == "returned"
    kinds = list(ReportEvent.objects.order_by("version").values_list("kind", flat=True))
    assert kinds == ["saved", "submitted", "returned", "saved", "submitted", "approved", "reopened"]


def test_only_an_ancestor_approver_may_decide(tree, period):
    submitted(tree, period)
    for user in ("reporter_a1", "reporter_a2", "viewer_b", "outsider"):
        with pytest.raises(PermissionDenied):
            report_approve(actor=getattr(tree.users, user), unit=tree.a1, period=period)
    assert Report.objects.get().status == "submitted"


def test_an_approver_cannot_approve_their_own_unit(tree, period):
    save(tree, period, user=tree.users.approver_a, unit=tree.a, values=full_values())
    report_submit(actor=tree.users.approver_a, unit=tree.a, period=period)
    with pytest.raises(PermissionDenied):
        report_approve(actor=tree.users.approver_a, unit=tree.a, period=period)
    assert report_approve(actor=tree.users.admin, unit=tree.a, period=period).status == "approved"


def test_return_needs_a_reason(tree, period):
    submitted(tree, period)
    with pytest.raises(InvalidValues) as exc:
        report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="  ")
    assert "comment" in exc.value.errors


def test_a_draft_cannot_be_approved_or_returned(tree, period):
    save(tree, period, values={"G3_SESSIONS": 1})
    with pytest.raises(WrongState):
        report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    with pytest.raises(WrongState):
        report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="x")


def test_approving_twice_is_refused(tree, period):
    submitted(tree, period)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    with pytest.raises(WrongState):
        report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)


def test_no_report_means_nothing_to_submit(tree, period):
    with pytest.raises(WrongState):
        report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)


def test_values_are_stored_exactly(tree, period):
    save(tree, period, values={"G7_UNION_SPENDING": "12,3456"})
    assert ReportValue.objects.get().value == Decimal("12.3456")
