"""Reading the audit log. Callers pass the reader's scope as unit paths (decided by
greenplan.accounts.access.audit_scope); nothing here can widen it."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from greenplan.audit.models import LogEntry


def subtree_q(path: str) -> Q:
    """Entries of the unit at `path` and its subtree: the same range/LIKE choice as the unit tree's
    own filter (greenplan.orgs.models.subtree_q), on `unit_path`."""
    if connection.vendor == "sqlite":
        return Q(unit_path__gte=path, unit_path__lt=path + "~")
    return Q(unit_path__startswith=path)


@dataclass(frozen=True)
class Filters:
    actor: str = ""
    action: str = ""
    kind: str = ""
    unit_path: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


NO_FILTERS = Filters()


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def entries_for(*, paths: list[str], unitless: bool, filters: Filters | None = NO_FILTERS) -> QuerySet[LogEntry]:
    """Entries newest first within the subtrees at `paths`, plus those of no unit when `unitless`.

    The filters only narrow that set: a unit filter outside the scope gives nothing. `filters`
    None (filters that could not be read) gives nothing.
    """
    if filters is None:
        return LogEntry.objects.none()
    scope = Q(pk__in=[])
    for path in paths:
        scope |= subtree_q(path)
    if unitless:
        scope |= Q(unit_path="")
    qs = LogEntry.objects.filter(scope)
    f = filters
    if f.actor:
        qs = qs.filter(actor_name__iexact=f.actor.strip())
    if f.action:
        qs = qs.filter(action=f.action)
    if f.kind:
        qs = qs.filter(action__startswith=f"{f.kind}.")
    if f.unit_path is not None:
        qs = qs.filter(subtree_q(f.unit_path)) if f.unit_path else qs.filter(unit_path="")
    if f.date_from:
        qs = qs.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_day_start(f.date_to + datetime.timedelta(days=1)))
    return qs.select_related("content_type").order_by("-at", "-pk")
