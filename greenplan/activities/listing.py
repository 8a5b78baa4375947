"""Reading the activity list's parameters: a bad value is told in Vietnamese and left out, never a 500."""

import datetime
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from greenplan.activities.selectors import ACTIVITY_SORTS, ActivityFilter
from greenplan.orgs.models import UnitKind
from greenplan.plans.models import PlanItem
from greenplan.reporting.models import Period

GROUPS = [str(n) for n in range(1, 9)]


def parse_date(text: str) -> datetime.date | None:
    """"2026-03-31" (a date input) or "31/03/2026" (typed); ValueError for anything else."""
    text = text.strip()
    if "/" in text:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    return datetime.date.fromisoformat(text)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass
class ListRequest:
    wanted: ActivityFilter
    item: PlanItem | None = None
    period: Period | None = None
    year: int | None = None
    typed_from: datetime.date | None = None  # the dates typed, shown back in the form (not a period's)
    typed_to: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        w = self.wanted
        return bool(w.query or w.item_id or w.group or w.date_from or w.date_to or w.unit_kind)


def parse_list_request(params: QueryDict, *, subtree: bool, items: list[PlanItem], kinds: list[UnitKind],
                       periods: list[Period]) -> ListRequest:
    errors: list[str] = []
    item_id = None if subtree else _int(params.get("item"))
    item = next((i for i in items if i.pk == item_id), None)
    if item_id is not None and item is None:
        errors.append(_("Mục kế hoạch đã chọn không thuộc kế hoạch hiện hành của đơn vị; bộ lọc mục bị bỏ qua."))
        item_id = None
    group = params.get("group", "")
    if group not in GROUPS:
        group = ""
    kind_code = params.get("level", "") if subtree else ""
    kind = next((k for k in kinds if k.code == kind_code), None)
    dates: dict[str, datetime.date | None] = {"from": None, "to": None}
    for name in dates:
        text = params.get(name, "")
        if text:
            try:
                dates[name] = parse_date(text[:20])
            except ValueError:
                errors.append(_("Ngày “%(text)s” không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/03/2026.")
                              % {"text": text[:20]})
    typed = dict(dates)
    period = next((p for p in periods if p.code == params.get("period", "").upper()), None)
    year = _int(params.get("year"))
    if period is not None:
        # A period and typed dates together: the days both allow.
        dates = {"from": max(d for d in (dates["from"], period.start) if d),
                 "to": min(d for d in (dates["to"], period.end) if d)}
    elif year is not None and 1900 < year < 3000:
        dates = {"from": dates["from"] or datetime.date(year, 1, 1), "to": dates["to"] or datetime.date(year, 12, 31)}
    else:
        year = None
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors.append(_("Ngày bắt đầu lọc sau ngày kết thúc; không có hoạt động nào trong khoảng đó."))
    sort = params.get("sort", "-date")
    if sort.lstrip("-") not in ACTIVITY_SORTS or (sort.lstrip("-") == "unit" and not subtree):
        sort = "-date"
    wanted = ActivityFilter(subtree=subtree, query=params.get("q", "").strip()[:200], item_id=item_id, group=group,
                            date_from=dates["from"], date_to=dates["to"], unit_kind=kind, sort=sort)
    return ListRequest(wanted=wanted, item=item, period=period, year=year, typed_from=typed["from"],
                       typed_to=typed["to"], errors=errors)
