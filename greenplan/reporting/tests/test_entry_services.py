"""The services behind the entry page's safety nets: saving what is valid of an entry, deleting a
wrong attachment, and telling a unit that its superior typed for it."""

import os
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.notifications.models import Notification
from greenplan.reporting.errors import InvalidValues, StaleVersion, WrongState
from greenplan.reporting.models import Report, ReportAttachment, ReportEvent
from greenplan.reporting.services import (
    report_attach,
    report_detach,
    report_return,
    report_save,
    report_save_valid,
    report_submit,
    stored_values,
)
from greenplan.testing.factories import full_values


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def valid(tree, period, version=0, user=None, **kwargs):
    return report_save_valid(actor=user or tree.users.reporter_a1, unit=tree.a1, period=period, version=version,
                             **kwargs)


# --- saving the valid part of an entry ---------------------------------------------------------


def test_it_saves_the_valid_values_beside_an_invalid_one_in_one_version(tree, period):
    result = valid(tree, period, values={"G3_SESSIONS": "12", "G3_MEDIA": "-1", "G3_REACHED": "300"},
                   narrative={"results": "Tốt"})
    assert set(result.errors) == {"G3_MEDIA"}
    report = Report.objects.get()
    assert (report.version, report.results) == (1, "Tốt")
    assert stored_values(report) == {"G3_SESSIONS": Decimal(12), "G3_REACHED": Decimal(300)}
    assert report.events.count() == 1


def test_it_holds_back_a_figure_that_breaks_a_rule_with_a_stored_one(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                values={"G7_PROCUREMENT_GREEN": 40})
    result = valid(tree, period, version=1, values={"G7_PROCUREMENT_TOTAL": "10", "G3_SESSIONS": "2"})
    assert "G7_PROCUREMENT_TOTAL" in result.errors
    assert stored_values(Report.objects.get()) == {"G7_PROCUREMENT_GREEN": 40, "G3_SESSIONS": 2}


def test_it_refuses_a_narrative_over_the_limit_without_cutting_it(tree, period):
    result = valid(tree, period, values={"G3_SESSIONS": "3"}, narrative={"results": "x" * 20_001})
    assert "results" in result.errors
    report = Report.objects.get()
    assert report.results == ""
    assert stored_values(report) == {"G3_SESSIONS": 3}


def test_it_saves_nothing_when_nothing_is_valid(tree, period):
    with pytest.raises(InvalidValues) as exc:
        valid(tree, period, values={"G3_SESSIONS": "-1"}, narrative={"results": "x" * 20_001})
    assert set(exc.value.errors) == {"G3_SESSIONS", "results"}
    assert not Report.objects.exists()


def test_it_still_refuses_a_stale_version(tree, period):
    valid(tree, period, values={"G3_SESSIONS": "3"})
    with pytest.raises(StaleVersion):
        valid(tree, period, version=0, values={"G3_MEDIA": "4"})
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 3}


# --- deleting a wrong attachment ---------------------------------------------------------------


def test_the_unit_deletes_a_wrong_attachment_and_the_timeline_keeps_its_name(
    tree, period, django_capture_on_commit_callbacks
):
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    path = attachment.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        report_detach(actor=tree.users.reporter_a1, attachment=attachment)
    assert not ReportAttachment.objects.exists()
    event = ReportEvent.objects.filter(kind=ReportEvent.Kind.DETACHED).get()
    assert event.changes == [{"field": "attachment", "old": "bien-ban.pdf", "new": None}]
    assert event.version == Report.objects.get().version == 1
    assert not os.path.exists(path)


def test_it_refuses_to_delete_from_a_submitted_report(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=full_values())
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    with pytest.raises(WrongState):
        report_detach(actor=tree.users.reporter_a1, attachment=attachment)
    assert ReportAttachment.objects.count() == 1


def test_it_lets_the_unit_delete_from_a_returned_report(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=full_values())
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Sai tệp")
    report_detach(actor=tree.users.reporter_a1, attachment=attachment)
    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize("who", ["reporter_a2", "viewer_b", "outsider"])
def test_it_refuses_to_delete_outside_the_users_scope_or_role(tree, period, who):
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    with pytest.raises(PermissionDenied):
        report_detach(actor=getattr(tree.users, who), attachment=attachment)
    assert ReportAttachment.objects.count() == 1


def test_it_refuses_to_delete_in_a_closed_period(tree, period):
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    period.is_open = False
    period.save()
    with pytest.raises(WrongState):
        report_detach(actor=tree.users.reporter_a1, attachment=attachment)
    assert ReportAttachment.objects.count() == 1


# --- a superior entering on behalf of a unit ---------------------------------------------------


def test_a_superior_typing_for_a_unit_is_on_the_timeline_and_the_unit_is_told_once(tree, period):
    approver = tree.users.approver_a
    valid(tree, period, user=approver, values={"G3_SESSIONS": "3"})
    valid(tree, period, version=1, user=approver, values={"G3_MEDIA": "4"})
    said = "Approver_A (Công đoàn phường Hồng Bàng) nhập thay cho Công đoàn Công ty TNHH Thép Xanh."
    assert [(e.kind, e.actor, e.comment) for e in ReportEvent.objects.order_by("version")] == [
        ("saved", approver, said), ("saved", approver, said)]
    notes = Notification.objects.filter(kind=Notification.Kind.ON_BEHALF)
    assert [n.user.username for n in notes] == ["reporter_a1"]
    assert "HP-A-01" in notes.get().url and notes.get().body == said


def test_the_unit_is_told_again_on_another_day(tree, period):
    approver = tree.users.approver_a
    valid(tree, period, user=approver, values={"G3_SESSIONS": "3"})
    Notification.objects.update(dedupe_key="on-behalf:1:1:2026-01-01")
    valid(tree, period, version=1, user=approver, values={"G3_MEDIA": "4"})
    assert Notification.objects.filter(kind=Notification.Kind.ON_BEHALF).count() == 2


def test_the_units_own_reporter_is_not_entering_on_behalf(tree, period):
    valid(tree, period, values={"G3_SESSIONS": "3"})
    report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=pdf())
    assert set(ReportEvent.objects.values_list("comment", flat=True)) == {""}
    assert not Notification.objects.filter(kind=Notification.Kind.ON_BEHALF).exists()


def test_a_superior_attaching_or_deleting_a_file_is_entering_on_behalf(tree, period):
    attachment = report_attach(actor=tree.users.admin, unit=tree.a1, period=period, file=pdf())
    report_detach(actor=tree.users.admin, attachment=attachment)
    comments = list(ReportEvent.objects.order_by("id").values_list("kind", "comment"))
    assert [kind for kind, _c in comments] == ["attached", "detached"]
    said = "Admin (Liên đoàn Lao động thành phố Hải Phòng) nhập thay cho Công đoàn Công ty TNHH Thép Xanh."
    assert {c for _k, c in comments} == {said}
