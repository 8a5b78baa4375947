"""Reminders from the overview: to one unit, or to every unit of the chosen scope that has not sent."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from greenplan.accounts.access import may_remind
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.notifications.models import Notification
from greenplan.notifications.services import notify_each, reporters_by_unit
from greenplan.orgs.models import Unit
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period


@dataclass
class Reminded:
    units: int  # units whose reporters got a reminder now
    people: int
    allowed: int  # units the actor may remind among those asked
    with_reporters: int  # of those, units that have someone to remind


@transaction.atomic
def remind_units(*, actor: User, superior: Unit, period: Period, units: QuerySet[Unit],
                 today: datetime.date) -> Reminded:
    """Remind the reporters of each unit of `units` that the actor may remind (may_remind), at
    most once a day per unit and person, in one transaction and a fixed number of queries."""
    chosen = units.select_related(None).order_by().only("pk", "path", "depth", "code", "name")
    targets = [u for u in chosen if may_remind(actor, u)]
    overdue = today > period.deadline
    kind = Notification.Kind.OVERDUE if overdue else Notification.Kind.DEADLINE
    title = (
        _("Nhắc nhở: báo cáo %(period)s đã quá hạn nộp (hạn %(date)s)")
        if overdue
        else _("Nhắc nhở: hạn nộp báo cáo %(period)s là %(date)s")
    ) % {"period": period.code, "date": period.deadline.strftime("%d/%m/%Y")}
    body = _("%(superior)s nhắc %(unit)s nộp báo cáo 6 tháng.")
    reporters = reporters_by_unit(targets)
    notes = [
        Notification(user=user, kind=kind, title=title,
                     body=body % {"superior": superior.name, "unit": unit.name},
                     url=report_url(unit, period),
                     dedupe_key=f"remind:{period.code}:{unit.code}:{today.isoformat()}")
        for unit in targets
        for user in reporters.get(unit.pk, [])
    ]
    created = notify_each(notes)
    reminded = Reminded(units=len({n.dedupe_key for n in created}), people=len({n.user_id for n in created}),
                        allowed=len(targets), with_reporters=sum(1 for u in targets if reporters.get(u.pk)))
    if created:
        # One entry per reminding, not per unit: who reminded whom is the sum, the messages are the detail.
        log_action(actor=actor, action="period.reminders_sent", obj=period, unit=superior,
                   data={"units": reminded.units, "people": reminded.people})
    return reminded
