"""The superior's overview: which direct subordinates' reports are missing, late or waiting.

The page costs a fixed number of queries whatever the number of subordinates: the statuses come
from selectors.subordinate_overview (two queries) and rights from the cached grants.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenplan.accounts.access import Action, may_remind, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.lib.exporters import download, export_links
from greenplan.notifications.models import Notification
from greenplan.notifications.services import notify, reporters_by_unit
from greenplan.ops.replica.views import reads_from_replica
from greenplan.orgs.models import Unit
from greenplan.reporting import selectors
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period
from greenplan.reporting.overview.exports import OverviewExporter


def _overview_url(unit: Unit, period: Period, show: str = "all") -> str:
    url = reverse("overview:unit", args=[unit.code, period.code])
    return url if show == "all" else f"{url}?show={show}"


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


@reads_from_replica
@login_required
@require_GET
def unit_overview(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    period_obj = selectors.period_by_code(period)
    show = request.GET.get("show", "all")
    if show not in selectors.OVERVIEW_FILTERS:
        show = "all"
    today = timezone.localdate()
    overview = selectors.subordinate_overview(unit_obj, period_obj, today)
    rows = overview.filtered(show)
    if file := download(request, lambda: OverviewExporter(unit_obj, period_obj, show, rows)):
        return file
    # Approving (and so reminding) is a superior's right over each subordinate; no query.
    remindable = {r.unit.pk for r in overview.rows if not r.sent and may_remind(request.user, r.unit)}
    ctx: dict[str, Any] = {
        "unit": unit_obj,
        "period": period_obj,
        "periods": list(selectors.periods_listed()),
        "overview": overview,
        "rows": rows,
        "show": show,
        "filters": [
            ("all", _("Tất cả"), overview.total),
            ("missing", _("Chưa nộp"), overview.not_sent),
            ("late", _("Quá hạn / nộp muộn"), overview.late),
            ("waiting", _("Chờ duyệt"), overview.counts["submitted"]),
        ],
        "summary": [
            ("missing", _("Chưa có báo cáo"), overview.counts["missing"]),
            ("draft", _("Đang soạn"), overview.counts["draft"]),
            ("returned", _("Bị trả lại"), overview.counts["returned"]),
            ("submitted", _("Chờ duyệt"), overview.counts["submitted"]),
            ("approved", _("Đã duyệt"), overview.counts["approved"]),
        ],
        "remindable": remindable,
        "can_remind": bool(remindable) and period_obj.is_open,
        "deadline_passed": today > period_obj.deadline,
        "days_left": (period_obj.deadline - today).days,
        "crumbs": breadcrumbs(request.user, unit_obj),
        "exports": export_links(request),
    }
    ctx["chart"] = {
        "labels": [str(label) for _key, label, _n in ctx["summary"]],
        "keys": [key for key, _label, _n in ctx["summary"]],
        "values": [n for _key, _label, n in ctx["summary"]],
    }
    return render(request, "reporting/overview/unit.html", ctx)


@login_required
@require_POST
def remind(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    """Remind the reporters of one subordinate (`target`) or of every subordinate that has not
    sent its report; at most once a day per unit and person."""
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    period_obj = selectors.period_by_code(period)
    show = request.POST.get("show", "all")
    back = _overview_url(unit_obj, period_obj, show if show in selectors.OVERVIEW_FILTERS else "all")
    if not period_obj.is_open:
        messages.error(request, _("Kỳ báo cáo đã đóng: không gửi nhắc nhở."))
        return redirect(back)
    today = timezone.localdate()
    rows = [r for r in selectors.subordinate_statuses(unit_obj, period_obj, today) if not r.sent]
    target = request.POST.get("target", "").strip().upper()
    if target:
        rows = [r for r in rows if r.unit.code == target]
        if not rows:
            messages.info(request, _("Đơn vị này đã nộp báo cáo hoặc không thuộc đơn vị đang xem."))
            return redirect(back)
    rows = [r for r in rows if may_remind(request.user, r.unit)]
    if not rows:
        raise PermissionDenied
    overdue = today > period_obj.deadline
    kind = Notification.Kind.OVERDUE if overdue else Notification.Kind.DEADLINE
    title = (
        _("Nhắc nhở: báo cáo %(period)s đã quá hạn nộp (hạn %(date)s)")
        if overdue
        else _("Nhắc nhở: hạn nộp báo cáo %(period)s là %(date)s")
    ) % {"period": period_obj.code, "date": period_obj.deadline.strftime("%d/%m/%Y")}
    body = _("%(superior)s nhắc %(unit)s nộp báo cáo 6 tháng.")
    reporters = reporters_by_unit(r.unit for r in rows)
    sent = units = 0
    for row in rows:
        created = notify(
            users=reporters.get(row.unit.pk, []), kind=kind, title=title,
            body=body % {"superior": unit_obj.name, "unit": row.unit.name},
            url=report_url(row.unit, period_obj),
            dedupe_key=f"remind:{period_obj.code}:{row.unit.code}:{today.isoformat()}",
        )
        sent += len(created)
        units += bool(created)
    if sent:
        messages.success(request, _("Đã gửi nhắc nhở tới %(people)s người của %(units)s đơn vị.")
                         % {"people": sent, "units": units})
    elif any(reporters.get(r.unit.pk) for r in rows):
        messages.info(request, _("Hôm nay đã nhắc rồi: mỗi đơn vị chỉ được nhắc một lần mỗi ngày."))
    else:
        messages.warning(request, _("Đơn vị chưa có tài khoản người báo cáo để nhận nhắc nhở."))
    return redirect(back)
