"""The plan pages: a unit's plan (items, copy-down, issue, revise, what it changed from its
superior's plan), an item's form, and the coverage of a superior's plan by its subordinates.

Every write goes through greenplan.plans.services, which checks rights and the plan's state;
their refusals become form errors or messages on the page, never server errors.
"""

from collections.abc import Callable
from dataclasses import replace
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from greenplan.accounts.access import Action, may_edit_plan, may_read_unit, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import unit_for_user
from greenplan.lib.exporters import download, export_links
from greenplan.lib.files import attachment_response
from greenplan.lib.forms import add_service_errors
from greenplan.lib.i18n import localized
from greenplan.ops.replica.views import reads_from_replica
from greenplan.orgs.models import Unit
from greenplan.plans import services as S
from greenplan.plans.errors import PlanStateError
from greenplan.plans.exports import CoverageExporter
from greenplan.plans.forms import IssueForm, ItemForm, SignedPdfForm, TargetForm
from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.selectors import (
    COVERAGE_FILTERS,
    COVERAGE_SORTS,
    PlanNotFound,
    activity_counts,
    coverage_cells,
    coverage_outline,
    coverage_rows,
    plan_diff,
    plan_items,
    plan_of,
    plan_unit_for_user,
)
from greenplan.plans.target_checks import target_rows
from greenplan.reporting.models import Indicator
from greenplan.reporting.selectors import indicators_listed


def _unit(request: SignedInRequest, code: str, action: Action = Action.VIEW) -> Unit:
    """404 for an unknown unit, 403 when the user may not read its plan (VIEW: their scope and
    the units above it, access.may_read_plan) or change it (REPORT)."""
    if action == Action.VIEW:
        return plan_unit_for_user(request.user, code)
    return unit_for_user(request.user, code, action)


def _plan_url(unit: Unit, anchor: str = "") -> str:
    return reverse("plans:plan", args=[unit.code]) + (f"#{anchor}" if anchor else "")


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thay đổi kế hoạch của đơn vị này.")


def _revision(request: HttpRequest) -> int | None:
    try:
        return int(request.GET["revision"])
    except (KeyError, ValueError):
        return None


@login_required
@require_GET
def start(request: SignedInRequest) -> HttpResponse:
    """The plan of the first unit the user works for."""
    roots = scope_roots(request.user)
    if not roots:
        raise PermissionDenied
    return redirect("plans:plan", roots[0].code)


@login_required
def plan_page(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = _unit(request, unit)
    revision = _revision(request)
    plan = plan_of(unit_obj, revision)
    if plan is None and revision is not None:
        raise PlanNotFound(_("Kế hoạch không có bản sửa đổi này."))
    return _render(request, unit_obj, plan)


def _render(request: SignedInRequest, unit: Unit, plan: Plan | None, *, status: int = 200,
            issue_form: forms.Form | None = None, signed_form: forms.Form | None = None) -> HttpResponse:
    user = request.user
    may_report = may_edit_plan(user, unit)
    may_view = may_read_unit(user, unit)  # readers above the unit see its plan, not its subtree
    # may_view: links into the unit's pages (its page, activities) only for those who may open them
    ctx: dict[str, Any] = {"unit": unit, "plan": plan, "may_report": may_report, "may_view": may_view}
    if plan is None:
        superior = S.superior_plan(unit)
        ctx.update(superior=superior, can_copy_down=may_report and superior is not None)
        return render(request, "plans/plan.html", ctx, status=status)
    items = list(plan_items(plan))
    counts = activity_counts([i.pk for i in items])
    for item in items:
        item.activity_count = counts.get(item.pk, 0)
    groups = {g.pk: g for g in plan.groups.all()}
    sections = [(groups[gid], list(rows)) for gid, rows in groupby(items, key=lambda i: i.group_id)]
    shown = {g.pk for g, _rows in sections}
    sections += [(g, []) for g in groups.values() if g.pk not in shown]
    sections.sort(key=lambda s: (s[0].order, S.natural_key(s[0].code)))
    editable = may_report and plan.is_editable
    ctx.update(
        sections=sections,
        item_count=len(items),
        revisions=list(Plan.objects.filter(unit=unit).only("id", "revision", "status", "number", "symbol",
                                                           "issued_on", "superseded_at").order_by("revision")),
        editable=editable,
        can_progress=may_report and plan.is_current,
        can_revise=may_report and plan.is_current and plan.status == Plan.Status.ISSUED,
        issue_form=issue_form or (IssueForm(initial={"signer": plan.signer_name, "signer_title": plan.signer_title})
                                  if editable else None),
        diff=plan_diff(plan) if plan.parent_plan_id and may_view else None,
        has_children=unit.numchild > 0 and may_view,
        duties=_duties(plan, unit),
        signed_form=signed_form or (SignedPdfForm() if may_report and plan.is_current
                                    and plan.status == Plan.Status.ISSUED else None),
    )
    return render(request, "plans/plan.html", ctx, status=status)


DUTY_LEVELS = ("province", "superior", "grassroots")


def _duties(plan: Plan, unit: Unit) -> list[dict]:
    """Part "Tổ chức thực hiện" level by level, the reader's own level marked (and opened)."""
    if unit.is_root():
        mine = "province"
    else:
        mine = "grassroots" if unit.kind.is_grassroots else "superior"
    levels = [lvl for lvl in DUTY_LEVELS if lvl in plan.duties] + sorted(set(plan.duties) - set(DUTY_LEVELS))
    return [{"title": plan.duties[lvl].get("title", lvl), "paragraphs": plan.duties[lvl].get("paragraphs", []),
             "mine": lvl == mine} for lvl in levels]


@login_required
@require_POST
def copy_down(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = _unit(request, unit, Action.REPORT)
    try:
        plan = S.plan_copy_down(actor=request.user, unit=unit_obj)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã tạo kế hoạch từ kế hoạch cấp trên (%(n)s mục). Hãy cụ thể hóa từng mục.")
                         % {"n": plan.items.count()})
    return redirect(_plan_url(unit_obj))


def _current_plan(unit: Unit) -> Plan:
    plan = plan_of(unit)
    if plan is None:
        raise PlanNotFound(_("Đơn vị %(code)s chưa có kế hoạch.") % {"code": unit.code})
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: SignedInRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = _unit(request, unit, Action.REPORT)
    plan = _current_plan(unit_obj)
    item = get_object_or_404(PlanItem.objects.select_related("group", "parent_item"), pk=pk, plan=plan)
    if request.method == "POST" and "target_action" in request.POST:
        return _target_post(request, unit_obj, plan, item)
    if request.method == "POST":
        progress_only = "code" not in request.POST
        form = ItemForm(request.POST, plan=plan, item=item, progress_only=progress_only)
        if form.is_valid():
            try:
                S.item_update(actor=request.user, item=item, data=form.service_data())
            except PlanStateError as exc:
                messages.error(request, _refusal(exc))
                return redirect(_plan_url(unit_obj, f"item-{item.code}"))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                item.refresh_from_db(fields=["code"])
                messages.success(request, _("Đã lưu mục %(code)s.") % {"code": item.code})
                return redirect(_plan_url(unit_obj, f"item-{item.code}"))
        status = 422
    else:
        if not plan.is_current:
            raise PlanNotFound(item.code)
        form = ItemForm(plan=plan, item=item, progress_only=not plan.is_editable)
        status = 200
    return _item_page(request, unit_obj, plan, item, form, status=status)


def _indicator_choices() -> list[tuple[str, str]]:
    """Indicators a target can aim at: the numbers of the catalogue (not yes/no), in its order."""
    return [(i.code, f"{localized(i)} ({i.code})") for i in indicators_listed() if i.type != Indicator.Type.YESNO]


def _item_page(request: SignedInRequest, unit: Unit, plan: Plan, item: PlanItem, form: forms.Form, *,
               status: int = 200, target_form: forms.Form | None = None) -> HttpResponse:
    rows, inherited = target_rows(item)
    ctx = {"unit": unit, "plan": plan, "item": item, "form": form, "target_rows": rows, "inherited": inherited,
           "target_form": (target_form or TargetForm(indicators=_indicator_choices())) if plan.is_editable else None}
    return render(request, "plans/item_form.html", ctx, status=status)


def _target_post(request: SignedInRequest, unit: Unit, plan: Plan, item: PlanItem) -> HttpResponse:
    """Add, change or remove one target of the item (a draft plan only: the service says so)."""
    back = reverse("plans:item_edit", args=[unit.code, item.pk])
    data = request.POST
    form = TargetForm(data, indicators=_indicator_choices())
    try:
        if data["target_action"] == "remove":
            S.target_remove(actor=request.user, item=item, indicator=data.get("indicator", ""),
                            period=data.get("period") or None)
            messages.success(request, _("Đã bỏ chỉ tiêu phấn đấu %(code)s.") % {"code": data.get("indicator", "")})
            return redirect(back)
        if form.is_valid():
            target = S.target_set(actor=request.user, item=item, indicator=form.cleaned_data["indicator"],
                                  operator=form.cleaned_data["operator"], value=form.cleaned_data["value"],
                                  period=form.cleaned_data["period"] or None)
    except PlanStateError as exc:
        messages.error(request, _refusal(exc))
        return redirect(_plan_url(unit, f"item-{item.code}"))
    except ValidationError as exc:
        if data["target_action"] == "remove":
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        add_service_errors(form, exc)
    if not form.is_valid():
        item_form = ItemForm(plan=plan, item=item, progress_only=not plan.is_editable)
        return _item_page(request, unit, plan, item, item_form, status=422, target_form=form)
    messages.success(request, _("Đã lưu chỉ tiêu phấn đấu %(code)s.") % {"code": target.indicator.code})
    rows, _inherited = target_rows(item)
    if any(row.looser and row.target.pk == target.pk for row in rows):
        messages.warning(request, _("Chỉ tiêu này thấp hơn chỉ tiêu của cấp trên cho cùng mục; hãy kiểm tra lại."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = _unit(request, unit, Action.REPORT)
    plan = _current_plan(unit_obj)
    if not plan.is_editable:
        messages.error(request, _("Kế hoạch đã ban hành nên không thể sửa. Hãy tạo bản sửa đổi để điều chỉnh."))
        return redirect(_plan_url(unit_obj))
    status = 200
    if request.method == "POST":
        form = ItemForm(request.POST, plan=plan)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                item = S.item_create(actor=request.user, plan=plan, code=data.pop("code"), group=data.pop("group"),
                                     title=data.pop("title"), **data)
            except PlanStateError as exc:
                messages.error(request, _refusal(exc))
                return redirect(_plan_url(unit_obj))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm mục %(code)s.") % {"code": item.code})
                return redirect(_plan_url(unit_obj, f"item-{item.code}"))
        status = 422
    else:
        form = ItemForm(plan=plan, initial={"status": PlanItem.Status.NOT_STARTED})
    return render(request, "plans/item_form.html", {"unit": unit_obj, "plan": plan, "item": None, "form": form},
                  status=status)


@login_required
@require_POST
def item_remove(request: SignedInRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = _unit(request, unit, Action.REPORT)
    plan = _current_plan(unit_obj)
    item = get_object_or_404(PlanItem, pk=pk, plan=plan)
    try:
        S.item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã xóa mục %(code)s.") % {"code": item.code})
    return redirect(_plan_url(unit_obj))


def _go(request: SignedInRequest, url: str) -> HttpResponse:
    """A redirect; sent in place (forms.js keeps chosen files that way), the page follows it itself."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _plan_form_post(request: SignedInRequest, unit: str, form_class: type[forms.Form], slot: str,
                    act: Callable[[Plan, dict[str, Any]], None], done: str) -> HttpResponse:
    """A form on the plan page: valid input goes to the service `act(plan, cleaned_data)`; its
    refusals come back as messages (state) or as the form's errors (input), answered with 422."""
    unit_obj = _unit(request, unit, Action.REPORT)
    plan = _current_plan(unit_obj)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(plan, form.cleaned_data)
        except PlanStateError as exc:
            messages.error(request, _refusal(exc))
            return _go(request, _plan_url(unit_obj))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return _go(request, _plan_url(unit_obj))
    plan.refresh_from_db()
    return _render(request, unit_obj, plan, status=422, **{slot: form})


@login_required
@require_POST
def issue(request: SignedInRequest, unit: str) -> HttpResponse:
    def act(plan: Plan, data: dict) -> None:
        S.plan_issue(actor=request.user, plan=plan, number=data["number"], symbol=data["symbol"],
                     issued_on=data["issued_on"], signer=data["signer"], signer_title=data["signer_title"],
                     signed_pdf=data["signed_pdf"] or None)

    return _plan_form_post(request, unit, IssueForm, "issue_form", act, _("Đã ban hành kế hoạch."))


@login_required
@require_POST
def attach_signed(request: SignedInRequest, unit: str) -> HttpResponse:
    def act(plan: Plan, data: dict) -> None:
        S.plan_attach_signed(actor=request.user, plan=plan, signed_pdf=data["signed_pdf"])

    return _plan_form_post(request, unit, SignedPdfForm, "signed_form", act, _("Đã đính kèm bản ký."))


@login_required
@require_POST
def revise(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = _unit(request, unit, Action.REPORT)
    plan = _current_plan(unit_obj)
    try:
        new = S.plan_revise(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã tạo bản sửa đổi lần %(n)s; bản đã ban hành được giữ lại.")
                         % {"n": new.revision})
    return redirect(_plan_url(unit_obj))


@login_required
def signed_pdf(request: SignedInRequest, unit: str, revision: int) -> FileResponse:
    unit_obj = _unit(request, unit)
    plan = plan_of(unit_obj, revision)
    if plan is None or not plan.signed_pdf:
        raise Http404(revision)
    try:
        handle = plan.signed_pdf.open("rb")
    except FileNotFoundError:
        raise Http404(revision) from None
    return attachment_response(handle, (plan.signed_pdf.name or "").rsplit("/", 1)[-1])


COVERAGE_PAGE_SIZE = 50


@reads_from_replica
@login_required
def coverage_page(request: SignedInRequest, unit: str) -> HttpResponse:
    """The coverage matrix, searched, sorted and paged (50 subordinates a page; htmx asks for the
    matrix alone). The per-item totals count every subordinate; the download holds the ones found."""
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    try:
        data = coverage_outline(request.user, unit_obj)
    except PlanNotFound:
        data = None
    q = " ".join(request.GET.get("q", "").split())[:100]
    show = request.GET.get("show", "all")
    show = show if show in COVERAGE_FILTERS else "all"
    sort = request.GET.get("sort", "name")
    sort = sort if sort in COVERAGE_SORTS else "name"
    rows = coverage_rows(data, q, show, sort) if data is not None else []
    if data is not None and (file := download(
            request, lambda: CoverageExporter(replace(data, rows=coverage_cells(data, rows))))):
        return file
    if data is not None:
        labels = dict(PlanItem.Status.choices)
        for line in data.items:
            line.status_list = [(state, f"{labels[state]}: {line.by_status[state]}")
                                for state in PlanItem.Status.values if line.by_status.get(state)]
    params = {"q": q, "show": show if show != "all" else "", "sort": sort if sort != "name" else ""}
    list_query = urlencode([(k, v) for k, v in params.items() if v])
    page = Paginator(rows, COVERAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    if data is not None:  # the cells of the units shown; the totals above count every unit
        coverage_cells(data, list(page.object_list))
    ctx = {"unit": unit_obj, "coverage": data, "item_states": PlanItem.Status.choices,
           "exports": export_links(request), "q": q, "show": show, "sort": sort, "found": len(rows),
           "page": page,
           "list_query": list_query,
           "sort_links": [(key, label, urlencode([(k, v) for k, v in {**params, "sort": key}.items() if v]))
                          for key, label in [("name", _("Tên A→Z")), ("-name", _("Tên Z→A")),
                                             ("concretized", _("Ít mục nhất")), ("-concretized", _("Nhiều mục nhất"))]]}
    if request.htmx and data is not None:
        return render(request, "plans/_coverage_matrix.html", ctx)
    return render(request, "plans/coverage.html", ctx)
