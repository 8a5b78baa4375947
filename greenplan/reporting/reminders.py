"""Deadline reminders for units whose report is not in yet. Safe to run twice a day or twice."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.notifications.models import Notification
from greenplan.notifications.services import notify, reporters_of
from greenplan.orgs.models import Unit
from greenplan.reporting.expected import expected_units
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period, Report

# Remind this many days before the deadline, then once when it has passed.
REMIND_DAYS_BEFORE = (7, 1)


def units_behind(period: Period) -> list[Unit]:
    """Units expected to report for the period whose report has not been sent."""
    sent = Report.objects.filter(period=period, status__in=[Report.Status.SUBMITTED, Report.Status.APPROVED])
    return list(expected_units(period).exclude(pk__in=sent.values("unit_id")))


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    count = 0
    for period in Period.objects.filter(is_open=True):
        days_left = (period.deadline - today).days
        if days_left in REMIND_DAYS_BEFORE:
            kind, key = Notification.Kind.DEADLINE, f"deadline:{period.code}:{days_left}"
            title = _("Còn %(n)s ngày đến hạn nộp báo cáo %(period)s (hạn %(date)s)")
        elif days_left < 0:
            kind, key = Notification.Kind.OVERDUE, f"overdue:{period.code}"
            title = _("Đã quá hạn nộp báo cáo %(period)s (hạn %(date)s)")
        else:
            continue
        for unit in units_behind(period):
            text = title % {"n": days_left, "period": period.code, "date": period.deadline.strftime("%d/%m/%Y")}
            count += len(
                notify(
                    users=reporters_of(unit), kind=kind, title=text, body=unit.name,
                    url=report_url(unit, period), dedupe_key=f"{key}:{unit.code}",
                )
            )
    return count
