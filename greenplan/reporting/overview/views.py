"""The superior's overview: which reports of the chosen scope are missing, late or waiting.

The scope is the direct subordinates, every unit below that reports, or one kind of unit; a
province has ~9,000 of those. The list is searched, filtered, sorted and paged in SQL
(overview.selectors) and the page costs a fixed number of queries whatever the scope's size;
rights come from the cached grants. htmx asks for the list alone (`_list.html`).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenplan.accounts.access import Action, may_read_unit, may_remind, may_remind_below, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.lib.exporters import download, export_links
from greenplan.ops.replica.views import reads_from_replica
from greenplan.orgs.models import Unit
from greenplan.reporting import selectors
from greenplan.reporting.models import Period
from greenplan.reporting.overview import selectors as listing
from greenplan.reporting.overview.exports import OverviewExporter
from greenplan.reporting.overview.services import remind_units

# A province (~9,000 units, ~6,000 unsent) is reminded in one request in a few seconds
# (docs/benchmarks.md); the whole country's 150,000 would not be, so it is refused.
REMIND_LIMIT = 20_000


def _params(query: listing.ListQuery, **changes: str) -> str:
    """The list's query string without its defaults, so a plain overview URL stays plain."""
    values = {"scope": query.scope, "show": query.show, "q": query.q, "sort": query.sort_param, **changes}
    defaults = {"scope": listing.SCOPE_CHILDREN, "show": "all", "q": "", "sort": "name"}
    return urlencode([(k, v) for k, v in values.items() if v and v != defaults[k]])


def _overview_url(unit: Unit, period: Period, query: listing.ListQuery | None = None) -> str:
    url = reverse("overview:unit", args=[unit.code, period.code])
    params = _params(query) if query else ""
    return f"{url}?{params}" if params else url


@login_required
@require_GET
def start(request: SignedInRequest) -> HttpResponse:
    """The first unit of the user's scope in the newest open period."""
    roots = scope_roots(request.user)
    if not roots:
        raise PermissionDenied
    period = selectors.newest_period()
    if period is None:
        return render(request, "reporting/overview/no_period.html", {"unit": roots[0]})
    return redirect(_overview_url(roots[0], period))


def _page_number(params: QueryDict) -> int:
    try:
        return max(1, int(params.get("page", "1")))
    except ValueError:
        return 1


@reads_from_replica
@login_required
@require_GET
def unit_overview(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    period_obj = selectors.period_by_code(period)
    today = timezone.localdate()
    kinds = listing.kinds_below(unit_obj, period_obj)
    query = listing.parse_query(request.GET.dict(), kinds)
    units = listing.scope_list(unit_obj, period_obj, query, today)
    if file := download(request, lambda: OverviewExporter(unit_obj, period_obj, query.show, units)):
        return file
    paginator = Paginator(units, listing.PAGE_SIZE)
    page = paginator.get_page(_page_number(request.GET))
    rows = listing.as_rows(list(page.object_list), period_obj, today)
    for row in rows:
        row.may_open = may_read_unit(request.user, row.unit)
    open_period = period_obj.is_open
    ctx: dict[str, Any] = {
        "unit": unit_obj, "period": period_obj, "query": query, "page": page, "rows": rows,
        "show": query.show,
        "remindable": {r.unit.pk for r in rows if not r.sent and open_period and may_remind(request.user, r.unit)},
        "list_query": _params(query),
        "sort_links": [(key, label, _params(query, sort=f"-{key}" if query.sort == key and not query.descending
                                           else key))
                       for key, label in [("name", _("Tên")), ("status", _("Trạng thái")),
                                          ("submitted", _("Ngày gửi")), ("late", _("Số ngày muộn"))]],
        "exports": export_links(request),
        # Whether "remind all" may reach anyone: the approver role above the scope's units.
        "can_remind": open_period and may_remind_below(request.user, unit_obj),
    }
    if request.htmx:
        return render(request, "reporting/overview/_list.html", ctx)
    counts = listing.scope_totals(unit_obj, period_obj, query.scope, today)
    summary = [
        ("missing", _("Chưa có báo cáo"), counts.by_state["missing"]),
        ("draft", _("Đang soạn"), counts.by_state["draft"]),
        ("returned", _("Bị trả lại"), counts.by_state["returned"]),
        ("submitted", _("Chờ duyệt"), counts.by_state["submitted"]),
        ("approved", _("Đã duyệt"), counts.by_state["approved"]),
    ]
    ctx.update({
        "overview": counts,
        "kinds": kinds,
        "scopes": [(listing.SCOPE_CHILDREN, _("Đơn vị trực thuộc")), (listing.SCOPE_ALL, _("Mọi cấp"))]
                  + [(k.code, k) for k in kinds],
        "periods": list(selectors.periods_listed()),
        "filters": [
            (key, label, n, _params(query, show=key))
            for key, label, n in [("all", _("Tất cả"), counts.total), ("missing", _("Chưa nộp"), counts.not_sent),
                                  ("late", _("Quá hạn / nộp muộn"), counts.late),
                                  ("waiting", _("Chờ duyệt"), counts.by_state["submitted"])]
        ],
        "summary": summary,
        "deadline_passed": today > period_obj.deadline,
        "days_left": (period_obj.deadline - today).days,
        "crumbs": breadcrumbs(request.user, unit_obj),
    })
    ctx["chart"] = {
        "labels": [str(label) for _key, label, _n in summary],
        "keys": [key for key, _label, _n in summary],
        "values": [n for _key, _label, n in summary],
    }
    return render(request, "reporting/overview/unit.html", ctx)


@login_required
@require_POST
def remind(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    """Remind the reporters of one unit (`target`) or of every unit of the chosen scope (with its
    search) that has not sent its report; at most once a day per unit and person."""
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    period_obj = selectors.period_by_code(period)
    today = timezone.localdate()
    query = listing.parse_query(request.POST.dict(), listing.kinds_below(unit_obj, period_obj))
    back = _overview_url(unit_obj, period_obj, query)
    if not period_obj.is_open:
        messages.error(request, _("Kỳ báo cáo đã đóng: không gửi nhắc nhở."))
        return redirect(back)
    units = listing.scope_list(unit_obj, period_obj, listing.ListQuery(scope=query.scope, show="missing", q=query.q),
                               today)
    target = request.POST.get("target", "").strip().upper()
    if target:
        units = listing.scope_list(unit_obj, period_obj, listing.ListQuery(scope=listing.SCOPE_ALL, show="missing"),
                                   today).filter(code=target)
        if not units.exists():
            messages.info(request, _("Đơn vị này đã nộp báo cáo hoặc không thuộc đơn vị đang xem."))
            return redirect(back)
    if units.count() > REMIND_LIMIT:
        messages.error(request, _("Quá nhiều đơn vị (hơn %(n)s) để nhắc cùng lúc: hãy chọn phạm vi hẹp hơn hoặc tìm "
                                  "theo tên.") % {"n": number_format(REMIND_LIMIT, force_grouping=True)})
        return redirect(back)
    done = remind_units(actor=request.user, superior=unit_obj, period=period_obj, units=units, today=today)
    if not done.allowed:
        raise PermissionDenied
    if done.people:
        messages.success(request, _("Đã gửi nhắc nhở tới %(people)s người của %(units)s đơn vị.")
                         % {"people": done.people, "units": done.units})
    elif done.with_reporters:
        messages.info(request, _("Hôm nay đã nhắc rồi: mỗi đơn vị chỉ được nhắc một lần mỗi ngày."))
    else:
        messages.warning(request, _("Đơn vị chưa có tài khoản người báo cáo để nhận nhắc nhở."))
    return redirect(back)
