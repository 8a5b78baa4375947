"""The library pages: browse and search, the practices waiting for review, propose, change,
review (return or publish), and the files with their thumbnails.

Everyone signed in reads published practices; an unpublished one is read in its unit's scope
only (404 elsewhere, so its id reveals nothing). Proposing and changing need the reporter role
on the unit (403 without it), reviewing the approver role above it. Every write goes through
greenplan.practices.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenplan.accounts.access import (
    Action,
    may_propose_practice,
    may_review_practice,
    scope_roots,
)
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import unit_for_user
from greenplan.lib.files import attachment_response
from greenplan.lib.forms import add_service_errors
from greenplan.orgs.models import Unit
from greenplan.practices import selectors as sel
from greenplan.practices import services as S
from greenplan.practices.forms import PracticeForm, ReviewForm, group_choices
from greenplan.practices.models import Practice, PracticeFile
from greenplan.reporting.groups import GROUP_TITLES

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def library(request: SignedInRequest) -> HttpResponse:
    """The published practices, searched and filtered."""
    group = _int(request.GET.get("group"))
    filters = sel.Filters(q=request.GET.get("q", "")[: sel.MAX_QUERY], group=group if group in range(1, 9) else None,
                          kind=request.GET.get("kind", "")[:40], area=sel.area_by_code(request.GET.get("area", "")))
    page = Paginator(sel.published_practices(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    roots = scope_roots(request.user)
    return render(request, "practices/library.html", {
        "page": page, "filters": filters, "groups": group_choices(), "kinds": sel.kind_choices(),
        "areas": sel.area_choices(), "query": query.urlencode(),
        "may_propose": any(may_propose_practice(request.user, u) for u in roots),
        "pending": sel.pending_practices(request.user).count() if roots else 0,
    })


@login_required
@require_GET
def pending(request: SignedInRequest) -> HttpResponse:
    """The practices of the user's scope that are not published yet, with what each needs."""
    practices = list(sel.pending_practices(request.user))
    rows = [(p, may_review_practice(request.user, p.unit), may_propose_practice(request.user, p.unit))
            for p in practices]
    return render(request, "practices/pending.html", {"rows": rows})


@login_required
@require_GET
def start(request: SignedInRequest) -> HttpResponse:
    """Propose a practice for the first unit the user may propose for."""
    unit = next((u for u in scope_roots(request.user) if may_propose_practice(request.user, u)), None)
    if unit is None:
        raise PermissionDenied
    return redirect("practices:new", unit.code)


def _form_page(request: HttpRequest, unit: Unit, form: PracticeForm, practice: Practice | None,
               status: int = 200) -> HttpResponse:
    return render(request, "practices/form.html", {"unit": unit, "form": form, "practice": practice},
                  status=status)


def _all_errors(form: PracticeForm) -> None:
    data = {name: form.cleaned_data.get(name) for name in form.SERVICE_FIELDS}
    for name, message in S.practice_problems(data).items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request: SignedInRequest, unit: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.REPORT)
    if request.method == "GET":
        return _form_page(request, unit_obj, PracticeForm(), None)
    form = PracticeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            practice = S.practice_propose(actor=request.user, unit=unit_obj, files=request.FILES.getlist("files"),
                                          **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi đề xuất mô hình “%(title)s” lên cấp trên.") % {"title": practice.title})
            return redirect("practices:detail", practice.pk)
    else:
        _all_errors(form)
    return _form_page(request, unit_obj, form, None, status=422)


def _editable(request: SignedInRequest, pk: int) -> Practice:
    practice = sel.practice_for_user(request.user, pk)
    if not may_propose_practice(request.user, practice.unit):
        raise PermissionDenied
    return practice


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    practice = _editable(request, pk)
    if practice.is_published:
        messages.error(request, _("Mô hình đã được giới thiệu nên không thể sửa."))
        return redirect("practices:detail", practice.pk)
    if request.method == "GET":
        return _form_page(request, practice.unit, PracticeForm(practice=practice), practice)
    form = PracticeForm(request.POST, request.FILES, practice=practice)
    if form.is_valid():
        try:
            S.practice_update(actor=request.user, practice=practice, data=form.service_data(),
                              add_files=request.FILES.getlist("files"),
                              remove_files=[int(v) for v in form.cleaned_data.get("remove_files", [])])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu và gửi lại mô hình để cấp trên duyệt."))
            return redirect("practices:detail", practice.pk)
    else:
        _all_errors(form)
    return _form_page(request, practice.unit, form, practice, status=422)


def _detail_page(request: SignedInRequest, practice: Practice, review: ReviewForm, status: int = 200) -> HttpResponse:
    user = request.user
    return render(request, "practices/detail.html", {
        "practice": practice, "review": review, "group_title": GROUP_TITLES.get(practice.group, ""),
        "photos": [f for f in practice.files.all() if f.is_photo],
        "documents": [f for f in practice.files.all() if not f.is_photo],
        "may_review": practice.status == Practice.Status.PROPOSED and may_review_practice(user, practice.unit),
        "may_edit": not practice.is_published and may_propose_practice(user, practice.unit),
    }, status=status)


@login_required
@require_GET
def practice_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _detail_page(request, sel.practice_for_user(request.user, pk), ReviewForm())


def _review(request: SignedInRequest, pk: int, publish: bool) -> HttpResponse:
    practice = sel.practice_for_user(request.user, pk)
    if not may_review_practice(request.user, practice.unit):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if publish:
            S.practice_publish(actor=request.user, practice=practice, comment=comment)
        else:
            S.practice_return(actor=request.user, practice=practice, comment=comment)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail_page(request, practice, form, status=422)
    messages.success(request, _("Đã giới thiệu mô hình trong thư viện.") if publish
                     else _("Đã trả lại mô hình cho đơn vị."))
    return redirect("practices:detail", practice.pk)


@login_required
@require_POST
def practice_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review(request, pk, publish=True)


@login_required
@require_POST
def practice_return(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review(request, pk, publish=False)


def _send(field: str, row: PracticeFile, name: str) -> FileResponse:
    stored = getattr(row, field)
    if not stored:
        raise Http404(row.pk)
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(row.pk) from None
    return attachment_response(handle, name)


@login_required
@require_GET
def file_download(request: SignedInRequest, pk: int, file: int) -> FileResponse:
    row = sel.practice_file(sel.practice_for_user(request.user, pk), file)
    return _send("file", row, row.name)


@login_required
@require_GET
def file_thumbnail(request: SignedInRequest, pk: int, file: int) -> FileResponse:
    row = sel.practice_file(sel.practice_for_user(request.user, pk), file)
    response = _send("thumbnail", row, "thumb-" + (row.name.rpartition(".")[0] or "anh") + ".jpg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
