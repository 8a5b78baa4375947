"""Reporting periods: half-years `YYYYH1`/`YYYYH2`, and a year as the union of its halves."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.accounts.access import require_settings_editor
from greenplan.accounts.models import User
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.reporting.models import Period

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:H(?P<half>[12]))?$", re.IGNORECASE)
# Unless the province sets others: figures are cut off at the end of the half-year and the
# report is due 15 days later.
DEFAULT_DEADLINE_DAYS = 15


def half_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def parse_period_code(code: str) -> tuple[int, int | None]:
    """(year, half) for "2025H1", (year, None) for "2025"; ValueError otherwise."""
    match = PERIOD_RE.match(code.strip())
    if not match:
        raise ValueError(_("Mã kỳ báo cáo phải có dạng 2025H1, 2025H2 hoặc 2025."))
    return int(match["year"]), int(match["half"]) if match["half"] else None


@transaction.atomic
def period_create(
    *,
    actor: User,
    year: int,
    half: int,
    cutoff: datetime.date | None = None,
    deadline: datetime.date | None = None,
    is_open: bool = False,
) -> Period:
    require_settings_editor(actor)
    if half not in (1, 2):
        raise ValidationError({"half": _("Kỳ báo cáo là 6 tháng đầu năm (1) hoặc 6 tháng cuối năm (2).")})
    if Period.objects.filter(year=year, half=half).exists():
        raise ValidationError({"half": _("Kỳ báo cáo %(code)s đã có.") % {"code": f"{year}H{half}"}})
    start, end = half_bounds(year, half)
    cutoff = cutoff or end
    if deadline is not None and deadline < cutoff:
        raise ValidationError({"deadline": _("Hạn nộp phải sau hoặc đúng ngày chốt số liệu.")})
    period = Period(
        code=f"{year}H{half}",
        year=year,
        half=half,
        start=start,
        end=end,
        cutoff=cutoff,
        deadline=deadline or cutoff + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS),
        is_open=is_open,
    )
    period.full_clean()
    period.save()
    log_action(actor=actor, action="period.created", obj=period, data={"changes": changes({}, snapshot(period))})
    return period


@transaction.atomic
def period_update(
    *,
    actor: User,
    period: Period,
    cutoff: datetime.date | None = None,
    deadline: datetime.date | None = None,
    is_open: bool | None = None,
) -> Period:
    require_settings_editor(actor)
    before = snapshot(period)
    if cutoff is not None:
        period.cutoff = cutoff
    if deadline is not None:
        period.deadline = deadline
    if is_open is not None:
        period.is_open = is_open
    if period.deadline < period.cutoff:
        raise ValidationError({"deadline": _("Hạn nộp phải sau hoặc đúng ngày chốt số liệu.")})
    period.full_clean()
    period.save()
    toggled = "period.opened" if period.is_open else "period.closed"
    action = toggled if before["is_open"] != period.is_open else "period.changed"
    log_action(actor=actor, action=action, obj=period, data={"changes": changes(before, snapshot(period))})
    return period
