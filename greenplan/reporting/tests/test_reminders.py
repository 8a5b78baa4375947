import datetime

from django.core import mail

from greenplan.notifications.models import Notification
from greenplan.reporting.reminders import send_deadline_reminders
from greenplan.reporting.services import report_return, report_save, report_submit
from greenplan.testing.factories import full_values


def test_reminders_go_to_units_behind_once(tree, period, django_capture_on_commit_callbacks):
    tree.users.reporter_a1.email = "a1@example.org"
    tree.users.reporter_a1.save()
    seven_days_before = period.deadline - datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_deadline_reminders(seven_days_before)
    again = send_deadline_reminders(seven_days_before)
    assert first > 0 and again == 0
    note = Notification.objects.get(user=tree.users.reporter_a1)
    assert note.kind == "deadline" and "Còn 7 ngày" in note.title and "15/07/2026" in note.title
    assert [m.to for m in mail.outbox] == [["a1@example.org"]]


def test_no_reminder_on_other_days_or_for_units_that_sent(tree, period):
    assert send_deadline_reminders(period.deadline - datetime.timedelta(days=3)) == 0
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=full_values())
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    send_deadline_reminders(period.deadline + datetime.timedelta(days=1))
    assert not Notification.objects.filter(user=tree.users.reporter_a1, kind="overdue").exists()
    assert Notification.objects.filter(user=tree.users.reporter_a2, kind="overdue").exists()


def test_workflow_notifies_the_people_who_act_next(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=full_values())
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    assert Notification.objects.get(user=tree.users.approver_a).kind == "pending"
    report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Thiếu ảnh minh chứng")
    note = Notification.objects.get(user=tree.users.reporter_a1)
    assert note.kind == "returned" and note.body == "Thiếu ảnh minh chứng"
    assert note.url == "/reports/HP-A-01/2026H1/"
