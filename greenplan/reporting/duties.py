"""Reads for the first screen: what each role has to do about the reports now.

The approver's queue (reports waiting for their decision, oldest first) and a superior's
completeness over its WHOLE subtree — every level, grassroots included — counted from the
stored expected counts (`expected.expected_counts`) and one count of the reports received.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from greenplan.accounts.access import approval_scope_q
from greenplan.accounts.models import User
from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting.expected import expected_counts, expected_units, reports_itself
from greenplan.reporting.models import Period, Report

SENT = (Report.Status.SUBMITTED, Report.Status.APPROVED)


def awaiting_approval(user: User) -> QuerySet[Report]:
    """Reports of open periods submitted and waiting for a decision the user may take, oldest
    submission first (the order the queue walks them in)."""
    return (
        Report.objects.filter(approval_scope_q(user, prefix="unit__"), status=Report.Status.SUBMITTED,
                              period__is_open=True)
        .select_related("unit", "period")
        .order_by("submitted_at", "id")
    )


def next_awaiting(user: User, after: Report | None = None) -> Report | None:
    """The queue's next report: the first one after `after` (just decided or passed over) in the
    queue's order, else from the start again; never `after` itself. None when the queue is empty."""
    qs = awaiting_approval(user)
    if after is None:
        return qs.first()
    qs = qs.exclude(pk=after.pk)
    if after.submitted_at is not None:
        later = qs.filter(Q(submitted_at__gt=after.submitted_at) | Q(submitted_at=after.submitted_at, pk__gt=after.pk))
        found = later.first()
        if found is not None:
            return found
    return qs.first()


@dataclass
class Completeness:
    """Reports expected from a unit's subtree below it for one period, and those received."""

    unit: Unit
    period: Period
    expected: int
    received: int
    deadline_passed: bool
    late_units: list[Unit] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)

    @property
    def late(self) -> int:
        """Units whose report is not in although the deadline has passed."""
        return self.missing if self.deadline_passed else 0

    @property
    def percent(self) -> int:
        return round(100 * self.received / self.expected) if self.expected else 0


def _not_sent(period: Period, unit: Unit) -> QuerySet[Unit]:
    sent = Report.objects.filter(unit=OuterRef("pk"), period=period, status__in=SENT)
    return expected_units(period, unit).exclude(pk=unit.pk).filter(~Exists(sent))


def subtree_completeness(unit: Unit, period: Period, today: datetime.date | None = None,
                         late_listed: int = 10) -> Completeness:
    """Every unit below `unit` that must report for the period (`expected_units`' rule), and how
    many of them have sent it (submitted or approved); with the first `late_listed` late units
    by their place in the tree. Three queries (four when the stored count is refreshed)."""
    today = today or timezone.localdate()
    expected = expected_counts([unit], [period])[unit.pk] - int(reports_itself(unit, period))
    received = (
        Report.objects.filter(subtree_q(unit.path, "unit__"), period=period, status__in=SENT)
        .exclude(unit=unit)
        .filter(unit__in=expected_units(period, unit))
        .count()
    )
    passed = today > period.deadline
    late_units = list(_not_sent(period, unit).select_related("kind").order_by("path")[:late_listed]) if passed else []
    return Completeness(unit, period, expected, received, passed, late_units)
