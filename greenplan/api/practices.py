"""The good-practices library: search of the published practices (and of the unpublished ones
in the caller's scope), insensitive to diacritics and case."""

import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from greenplan.api.report_schemas import ErrorOut
from greenplan.practices.selectors import MAX_QUERY, Filters, practices_visible

router = Router(tags=["practices"])
MAX_RESULTS = 1000


class PracticeOut(Schema):
    id: int
    title: str
    unit: str
    group: int
    published: bool
    published_on: datetime.date | None


@router.get(
    "",
    response={200: list[PracticeOut], 401: ErrorOut},
    summary="Search the good-practices library",
    description=(
        "Published practices (any unit), and the practices of the caller's scope not yet published "
        "(`published` false), newest publication first, at most "
        f"{MAX_RESULTS}. `q`: words that must all appear in the title, content or unit name, "
        "insensitive to diacritics and case (`tiet kiem dien` finds `Tiết kiệm điện`). `group`: the "
        "plan's task group, 1 to 8. `unit` is the proposing unit's code."
    ),
)
def practice_list(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=MAX_QUERY, description="Search words")] = "",
    group: Annotated[int | None, Query(ge=1, le=8, description="Task group of the plan, 1–8")] = None,
) -> list[PracticeOut]:
    rows = practices_visible(request.auth, Filters(q=q, group=group))  # type: ignore[attr-defined]
    rows = rows.select_related("unit").prefetch_related(None)[:MAX_RESULTS]
    return [
        PracticeOut(id=p.pk, title=p.title, unit=p.unit.code, group=p.group, published=p.is_published,
                    published_on=timezone.localdate(p.published_at) if p.published_at else None)
        for p in rows
    ]
