"""Account management for unit admins.

Access, decided once for every view here:
- a signed-in user with no admin role anywhere gets 403 on every page;
- an account with no role in the actor's admin scope answers 404 (it is fetched through
  the scope, so its existence is not revealed);
- an account the actor can see but not fully administer (it also has a role elsewhere), and
  any other refusal of a service about the target account, answers 403;
- a unit code or role typed into a form that the actor may not use is a form error.
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenplan.accounts.access import deny_unless, may_manage_accounts, may_manage_user
from greenplan.accounts.forms import (
    ImportForm,
    MembershipForm,
    UserCreateForm,
    UserEditForm,
)
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.importers import (
    users_import_passwords_take,
    users_import_passwords_xlsx,
    users_import_start,
    users_import_template,
)
from greenplan.accounts.manage.exports import AccountsExporter
from greenplan.accounts.manage.listing import parse_list_request
from greenplan.accounts.models import Role, User
from greenplan.accounts.selectors import ACCOUNT_SORTS, accounts_listed, unit_by_code, user_for_admin
from greenplan.accounts.services import (
    ActionRefused,
    membership_remove,
    membership_set,
    user_create,
    user_reset_password,
    user_set_active,
    user_update,
)
from greenplan.jobs.models import Job, JobKind
from greenplan.jobs.selectors import job_for_user, jobs_for_user
from greenplan.jobs.sweep import jobs_reap_dead_when_read
from greenplan.lib.exporters import download, export_links
from greenplan.lib.forms import add_service_errors
from greenplan.lib.listing import carried_query, sort_headers

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: SignedInRequest) -> User:
    deny_unless(may_manage_accounts(request.user))
    return request.user


def _secret(response: HttpResponse) -> HttpResponse:
    """A page that shows a password: never cached, not even by the browser's back button."""
    add_never_cache_headers(response)
    return response


def _refused_in_form(form: django_forms.Form, exc: ActionRefused) -> None:
    """A refusal caused by a typed value is a form error; any other refusal stays a 403."""
    if exc.field not in form.fields:
        raise exc
    form.add_error(exc.field, exc.message)


@login_required
@require_GET
def user_list(request: SignedInRequest) -> HttpResponse:
    """Search, filter, sort and page in SQL; the download holds every account that matches."""
    actor = _actor(request)
    asked = parse_list_request(actor, request.GET)
    accounts = accounts_listed(actor, asked.wanted)
    if file := download(request, lambda: AccountsExporter(accounts.iterator(chunk_size=2000))):
        return file
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        user.manageable = may_manage_user(actor, user, list(user.memberships.all()))  # type: ignore[attr-defined]
    context = {
        "page": page,
        "asked": asked,
        "q": asked.wanted.query,
        "roles": Role.choices,
        "query": carried_query(request.GET),
        "sorts": sort_headers(request.GET, asked.wanted.sort, list(ACCOUNT_SORTS)),
        "exports": export_links(request),
    }
    template = "accounts/manage/_rows.html" if getattr(request, "htmx", False) else "accounts/manage/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: SignedInRequest) -> HttpResponse:
    actor = _actor(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = unit_by_code(data["unit"])
        if unit is None:
            form.add_error("unit", _("Không tìm thấy đơn vị có mã %(code)s.") % {"code": data["unit"]})
        else:
            try:
                account = user_create(
                    actor=actor, username=data["username"], full_name=data["full_name"],
                    email=data["email"], password=data["password"] or None, unit=unit, role=data["role"],
                )
            except ActionRefused as exc:
                _refused_in_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _secret(render(request, "accounts/manage/created.html", {"account": account}))
    return render(request, "accounts/manage/create.html", {"form": form})


def _detail(request: HttpRequest, actor: User, target: User, **forms: django_forms.Form) -> HttpResponse:
    context = {
        "target": target,
        "manageable": may_manage_user(actor, target, list(target.memberships.all())),
        "is_self": target.pk == actor.pk,
        "form": forms.get("form")
        or UserEditForm(initial={"full_name": target.full_name, "email": target.email,
                                 "is_active": target.is_active}),
        "membership_form": forms.get("membership_form") or MembershipForm(),
    }
    return render(request, "accounts/manage/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    target = user_for_admin(actor, pk)
    if request.method != "POST":
        return _detail(request, actor, target)
    form = UserEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user_update(actor=actor, user=target, full_name=data["full_name"], email=data["email"])
                if data["is_active"] != target.is_active:
                    user_set_active(actor=actor, user=target, active=data["is_active"])
        except ValidationError as exc:
            target.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": target.username})
            return redirect("manage:detail", pk=target.pk)
    return _detail(request, actor, target, form=form)


@login_required
@require_POST
def role_set(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    target = user_for_admin(actor, pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        unit = unit_by_code(form.cleaned_data["unit"])
        if unit is None:
            form.add_error("unit", _("Không tìm thấy đơn vị có mã %(code)s.") % {"code": form.cleaned_data["unit"]})
        else:
            try:
                membership = membership_set(actor=actor, user=target, unit=unit, role=form.cleaned_data["role"])
            except ActionRefused as exc:
                _refused_in_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã cấp vai trò %(role)s tại đơn vị %(code)s.") % {
                    "role": membership.get_role_display(), "code": unit.code,
                })
                return redirect("manage:detail", pk=target.pk)
    return _detail(request, actor, target, membership_form=form)


@login_required
@require_POST
def role_remove(request: SignedInRequest, pk: int, membership_pk: int) -> HttpResponse:
    actor = _actor(request)
    target = user_for_admin(actor, pk)
    membership = get_object_or_404(target.memberships.select_related("unit"), pk=membership_pk)
    try:
        membership_remove(actor=actor, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã bỏ vai trò %(role)s tại đơn vị %(code)s.") % {
            "role": membership.get_role_display(), "code": membership.unit.code,
        })
    return redirect("manage:detail", pk=target.pk)


@login_required
@require_POST
def password_reset(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    target = user_for_admin(actor, pk)
    password = user_reset_password(actor=actor, user=target)
    return _secret(render(request, "accounts/manage/password.html", {"target": target, "password": password}))


@login_required
@require_http_methods(["GET", "POST"])
def users_import(request: SignedInRequest) -> HttpResponse:
    """Store the file (after cheap checks) as a background job that reads it, and open its page."""
    actor = _actor(request)
    # Bound on every POST, even an empty one, so a send without a file says the file is missing.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job, errors = users_import_start(actor=actor, file=upload, name=upload.name)
        if job is not None:
            return redirect("jobs:detail", pk=job.pk)
    jobs_reap_dead_when_read(jobs_for_user(actor, JobKind.ACCOUNTS_IMPORT))  # no worker may be running to see them
    recent = jobs_for_user(actor, JobKind.ACCOUNTS_IMPORT)[:5]
    return render(request, "accounts/manage/import.html", {"form": form, "errors": errors, "recent": recent})


def _import_job(request: SignedInRequest, job_pk: int) -> Job:
    """The actor's own account-import job: 404 for anyone else's, or for another kind of job."""
    job = job_for_user(_actor(request), job_pk)
    if job.kind != JobKind.ACCOUNTS_IMPORT:
        raise Http404("not an account import")
    return job


def _passwords_gone(request: HttpRequest, job: Job) -> HttpResponse:
    messages.error(request, _("Mật khẩu tự tạo đã được xem hoặc tải về trước đó và không còn lưu trên hệ thống. "
                              "Nếu cần, hãy đặt lại mật khẩu từng tài khoản."))
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def users_import_passwords(request: SignedInRequest, job_pk: int) -> HttpResponse:
    """Show the generated passwords of an import once; they are wiped from the database now."""
    job = _import_job(request, job_pk)
    passwords = users_import_passwords_take(job=job)
    if passwords is None:
        return _passwords_gone(request, job)
    return _secret(render(request, "accounts/manage/import_passwords.html", {"job": job, "passwords": passwords}))


@login_required
@require_POST
def users_import_passwords_download(request: SignedInRequest, job_pk: int) -> HttpResponse:
    """The generated passwords of an import as .xlsx, once; they are wiped from the database now."""
    job = _import_job(request, job_pk)
    passwords = users_import_passwords_take(job=job)
    if passwords is None:
        return _passwords_gone(request, job)
    response = HttpResponse(users_import_passwords_xlsx(passwords), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mat-khau-nhap-tai-khoan-{job.pk}.xlsx"'
    return _secret(response)


@login_required
@require_GET
def users_import_template_download(request: SignedInRequest) -> HttpResponse:
    _actor(request)
    response = HttpResponse(users_import_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-tao-tai-khoan.xlsx"'
    return response
