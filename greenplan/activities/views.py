"""The activity pages: a unit's list (filter by item and year), the form, delete, evidence download.

Reading needs the VIEW right on the unit, writing the REPORT right (reporters, approvers and
admins of the unit or above it); outside the scope the answer is 403, an unknown unit or an
activity of another unit 404. Every write goes through greenplan.activities.services.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from greenplan.accounts.access import Action, may_record_activity, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.activities import selectors as sel
from greenplan.activities import services as S
from greenplan.activities.exports import ActivitiesExporter
from greenplan.activities.forms import ActivityForm
from greenplan.activities.listing import GROUPS, parse_list_request
from greenplan.activities.models import Activity
from greenplan.lib.exporters import download, export_links
from greenplan.lib.files import attachment_response
from greenplan.lib.forms import add_service_errors
from greenplan.lib.listing import carried_query
from greenplan.orgs.models import Unit
from greenplan.reporting.errors import InvalidValues, ReportingError
from greenplan.reporting.groups import group_heading
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period

PAGE_SIZE = 25
# The list's orders, as the sort menu offers them (by unit only over a subtree: the last one).
SORT_CHOICES = [("-date", _lazy("Mới nhất trước")), ("date", _lazy("Cũ nhất trước")), ("title", _lazy("Theo tên")),
                ("-participants", _lazy("Nhiều người tham gia nhất")), ("-cost", _lazy("Kinh phí lớn nhất")),
                ("unit", _lazy("Theo đơn vị"))]


def _list_url(unit: Unit, activity: Activity | None = None) -> str:
    return reverse("activities:list", args=[unit.code]) + (f"#activity-{activity.pk}" if activity else "")


@login_required
@require_GET
def start(request: SignedInRequest) -> HttpResponse:
    """The activities of the first unit the user works for."""
    roots = scope_roots(request.user)
    if not roots:
        raise PermissionDenied
    return redirect("activities:list", roots[0].code)


@login_required
@require_GET
def activity_list(request: SignedInRequest, unit: str) -> HttpResponse:
    """A unit's activities; `?subtree=1`: those of its whole subtree (a superior's view), each with
    its unit. Searched, filtered, sorted and paged in SQL; the download holds the whole filtered
    list. The item filter belongs to the unit's own plan, so it applies to its own list only."""
    unit_obj = sel.activity_unit(request.user, unit)
    subtree = request.GET.get("subtree") == "1" and unit_obj.numchild > 0
    items = sel.current_items(unit_obj)
    kinds = sel.subtree_kinds(unit_obj) if subtree else []
    periods = list(Period.objects.order_by("-start"))
    asked = parse_list_request(request.GET, subtree=subtree, items=items, kinds=kinds, periods=periods)
    activities = sel.activities_listed(unit_obj, asked.wanted)
    code = asked.item.code if asked.item else ""
    if file := download(request, lambda: ActivitiesExporter(unit_obj, list(activities), item_code=code,
                                                             year=asked.year, subtree=subtree)):
        return file
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = sel.activity_totals(activities)
    context = {
        "unit": unit_obj, "page": page, "activities": page.object_list, "items": items, "kinds": kinds,
        "periods": periods, "years": sel.activity_years(unit_obj, subtree=subtree),
        "groups": [(g, group_heading(int(g))) for g in GROUPS],
        "asked": asked, "item_id": asked.wanted.item_id, "item": asked.item, "filtered": asked.filtered,
        "subtree": subtree, "has_subtree": unit_obj.numchild > 0, "totals": totals,
        "may_report": may_record_activity(request.user, unit_obj),
        "plan": items[0].plan if items else None,
        "exports": export_links(request),
        "query": carried_query(request.GET),
        "sorts": SORT_CHOICES if subtree else SORT_CHOICES[:-1],
    }
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "activity-rows":
        return render(request, "activities/_rows.html", context)
    return render(request, "activities/list.html", context)


def _form_page(request: HttpRequest, unit: Unit, form: ActivityForm, activity: Activity | None,
               status: int = 200) -> HttpResponse:
    ctx: dict[str, Any] = {"unit": unit, "form": form, "activity": activity}
    return render(request, "activities/form.html", ctx, status=status)


def _go(request: SignedInRequest, url: str) -> HttpResponse:
    """A redirect; sent in place (forms.js keeps chosen files that way), the page follows it itself."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _all_errors(form: ActivityForm, unit: Unit) -> None:
    """The service's refusals of the fields the form could read, beside the form's own: every
    error at once, not one round per kind of mistake."""
    data = {name: form.cleaned_data.get(name) for name in form.SERVICE_FIELDS}
    for name, message in S.activity_problems(unit=unit, data=data).items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


def _files(request: HttpRequest) -> list:
    return request.FILES.getlist("files")


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = sel.activity_unit(request.user, unit, Action.REPORT)
    items = sel.current_items(unit_obj)
    if request.method == "GET":
        chosen = request.GET.get("item", "")
        initial = {"item": chosen if any(str(i.pk) == chosen for i in items) else ""}
        return _form_page(request, unit_obj, ActivityForm(items=items, initial=initial), None)
    form = ActivityForm(request.POST, request.FILES, items=items)
    if form.is_valid():
        try:
            activity = S.activity_record(actor=request.user, unit=unit_obj, files=_files(request),
                                         **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi hoạt động “%(title)s”.") % {"title": activity.title})
            return _go(request, _list_url(unit_obj, activity))
    else:
        _all_errors(form, unit_obj)
    return _form_page(request, unit_obj, form, None, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: SignedInRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = sel.activity_unit(request.user, unit, Action.REPORT)
    activity = sel.activity_of(unit_obj, pk)
    items = sel.current_items(unit_obj)
    if request.method == "GET":
        return _form_page(request, unit_obj, ActivityForm(items=items, activity=activity), activity)
    form = ActivityForm(request.POST, request.FILES, items=items, activity=activity)
    if form.is_valid():
        try:
            S.activity_update(actor=request.user, unit=unit_obj, activity=activity, data=form.service_data(),
                              add_files=_files(request),
                              remove_files=[int(pk) for pk in form.cleaned_data.get("remove_files", [])])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hoạt động “%(title)s”.") % {"title": form.cleaned_data["title"]})
            return _go(request, _list_url(unit_obj, activity))
    else:
        _all_errors(form, unit_obj)
    return _form_page(request, unit_obj, form, activity, status=422)


@login_required
@require_POST
def activity_remove(request: SignedInRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = sel.activity_unit(request.user, unit, Action.REPORT)
    activity = sel.activity_of(unit_obj, pk)
    try:
        S.activity_delete(actor=request.user, unit=unit_obj, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa hoạt động “%(title)s”.") % {"title": activity.title})
    return redirect(_list_url(unit_obj))


@login_required
@require_GET
def evidence_download(request: SignedInRequest, unit: str, pk: int, file: int) -> FileResponse:
    unit_obj = sel.activity_unit(request.user, unit)
    evidence = sel.evidence_of(unit_obj, pk, file)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(file) from None
    return attachment_response(handle, evidence.name)


@login_required
@require_POST
def accept_figures(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    """The report page's card of figures from activities: save the ticked ones, each with the
    value in its box (the offered one, or the officer's correction)."""
    unit_obj = sel.activity_unit(request.user, unit)
    period_obj = Period.objects.filter(code=period.upper()).first()
    if period_obj is None:
        raise Http404(period)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else -1  # a missing or forged version is never current
    codes = request.POST.getlist("codes")
    values = {code: request.POST.get(f"value-{code}", "") for code in codes}
    back = report_url(unit_obj, period_obj, "activities-offer")
    try:
        S.activity_figures_accept(actor=request.user, unit=unit_obj, period=period_obj,
                                  version=version, values=values)
    except InvalidValues as exc:
        details = "; ".join(f"{code}: {message}" for code, message in exc.errors.items())
        messages.error(request, f"{exc.message} {details}")
        return HttpResponseRedirect(back)
    except ReportingError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    messages.success(request, _("Đã điền số liệu từ hoạt động vào báo cáo; có thể sửa lại nếu cần."))
    return HttpResponseRedirect(back)
