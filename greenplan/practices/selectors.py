"""Reads of the good-practices library, through the user's scope, with a fixed number of queries.

Search folds the query the way `Practice.search_text` was folded (greenplan.lib.text.fold), so
"tiet kiem dien", "TIẾT KIỆM ĐIỆN" and "tiết kiệm điện" find the same practices on SQLite and
PostgreSQL alike; every word must appear.
"""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from greenplan.accounts.access import Action, may_read_practice, scope_q
from greenplan.accounts.models import User
from greenplan.lib.text import fold
from greenplan.orgs.models import Unit, UnitKind, subtree_q
from greenplan.practices.models import Practice, PracticeFile

MAX_QUERY = 200


@dataclass(frozen=True)
class Filters:
    q: str = ""
    group: int | None = None
    kind: str = ""  # a UnitKind code
    area: Unit | None = None  # practices of this unit's subtree

    @property
    def any(self) -> bool:
        return bool(self.q.strip() or self.group or self.kind or self.area)


NO_FILTERS = Filters()


def _base() -> QuerySet[Practice]:
    return (
        Practice.objects.select_related("unit__kind")
        .prefetch_related(Prefetch("files", PracticeFile.objects.order_by("id")))
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


def _filtered(qs: QuerySet[Practice], filters: Filters) -> QuerySet[Practice]:
    for word in fold(filters.q[:MAX_QUERY]).split():
        qs = qs.filter(search_text__contains=word)
    if filters.group is not None:
        qs = qs.filter(group=filters.group)
    if filters.kind:
        qs = qs.filter(unit__kind__code=filters.kind)
    if filters.area is not None:
        qs = qs.filter(subtree_q(filters.area.path, "unit__"))
    return qs


def published_practices(filters: Filters = NO_FILTERS) -> QuerySet[Practice]:
    """The library: published practices, newest first (everyone signed in reads them)."""
    return _filtered(_base().filter(status=Practice.Status.PUBLISHED), filters)


def practices_visible(user: User, filters: Filters = NO_FILTERS) -> QuerySet[Practice]:
    """Published practices, and the unpublished ones of the user's scope (for the API)."""
    visible = Q(status=Practice.Status.PUBLISHED) | scope_q(user, Action.VIEW, "unit__")
    return _filtered(_base().filter(visible), filters)


def pending_practices(user: User) -> QuerySet[Practice]:
    """Practices not yet published in the user's scope: the unit's own proposals and, for its
    superiors, those to review; oldest proposal first."""
    return (
        _base().filter(scope_q(user, Action.VIEW, "unit__")).exclude(status=Practice.Status.PUBLISHED)
        .order_by("proposed_at", "id")
    )


def practice_for_user(user: User, pk: int) -> Practice:
    """The practice if the user may read it; 404 otherwise, so an unpublished practice of another
    unit is never revealed by its id."""
    practice = _base().filter(pk=pk).first()
    if practice is None or not may_read_practice(user, practice.unit, practice.is_published):
        raise Http404(pk)
    return practice


def practice_file(practice: Practice, pk: int) -> PracticeFile:
    found = next((f for f in practice.files.all() if f.pk == pk), None)
    if found is None:
        raise Http404(pk)
    return found


def area_choices() -> list[Unit]:
    """Areas to filter by: the root units and the units right below them that are not grassroots."""
    return list(Unit.objects.active().filter(depth__lte=2, kind__is_grassroots=False).select_related("kind")
                .order_by("path"))


def kind_choices() -> list[UnitKind]:
    return list(UnitKind.objects.order_by("order", "code"))


def area_by_code(code: str) -> Unit | None:
    code = code.strip().upper()
    return Unit.objects.filter(code=code).first() if code else None
