"""Classification settings under /settings/classification/: criteria and bands.

Only a root unit's admins (access.may_configure) see these pages; everyone else gets 403.
Every write goes through greenplan.analytics.classification_services (one transaction each): a
ValidationError becomes a form error and nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from greenplan.accounts.access import may_configure
from greenplan.accounts.models import User
from greenplan.analytics import classification_services as S
from greenplan.analytics.classification_forms import BandForm, CriterionForm
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.reporting.settings_forms import add_service_errors

TEMPLATES = "analytics/classification"


def _configurer(request: HttpRequest) -> User:
    if not may_configure(request.user):
        raise PermissionDenied
    return request.user


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _configurer(request)
    criteria = list(ClassificationCriterion.objects.select_related("indicator"))
    bands = list(ClassificationBand.objects.order_by("-min_score"))
    ctx = {
        "criteria": criteria,
        "total_points": sum(c.points for c in criteria),
        # each band with the minimum of the band above it, where its range ends
        "bands": [(band, bands[i - 1].min_score if i else None) for i, band in enumerate(bands)],
        "lowest_is_zero": not bands or bands[-1].min_score == 0,
    }
    return render(request, f"{TEMPLATES}/index.html", ctx)


def _form_page(request: HttpRequest, template: str, ctx: dict) -> HttpResponse:
    return render(request, f"{TEMPLATES}/{template}", ctx, status=422 if ctx["form"].errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_new(request: HttpRequest) -> HttpResponse:
    actor = _configurer(request)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = S.criterion_create(actor=actor, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm tiêu chí “%(name)s”.") % {"name": criterion.name})
            return redirect("classification:index")
    return _form_page(request, "criterion_form.html", {"form": form, "criterion": None})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    criterion = get_object_or_404(ClassificationCriterion, pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            S.criterion_update(actor=actor, criterion=criterion, **form.service_kwargs())
        except ValidationError as exc:
            criterion.refresh_from_db()  # the page title shows the saved name, not the refused one
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tiêu chí “%(name)s”.") % {"name": criterion.name})
            return redirect("classification:index")
    return _form_page(request, "criterion_form.html", {"form": form, "criterion": criterion})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    criterion = get_object_or_404(ClassificationCriterion, pk=pk)
    if request.method == "POST":
        S.criterion_delete(actor=actor, criterion=criterion)
        messages.success(request, _("Đã xóa tiêu chí “%(name)s”.") % {"name": criterion.name})
        return redirect("classification:index")
    return render(request, f"{TEMPLATES}/confirm_delete.html", {
        "title": _("Xóa tiêu chí"),
        "question": _("Xóa tiêu chí “%(name)s”? Điểm và xếp loại của mọi kỳ sẽ tính theo các tiêu chí còn lại.")
        % {"name": criterion.name},
    })


@login_required
@require_http_methods(["GET", "POST"])
def band_new(request: HttpRequest) -> HttpResponse:
    actor = _configurer(request)
    form = BandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            band = S.band_create(actor=actor, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm mức xếp loại “%(label)s”.") % {"label": band.label})
            return redirect("classification:index")
    return _form_page(request, "band_form.html", {"form": form, "band": None})


@login_required
@require_http_methods(["GET", "POST"])
def band_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    band = get_object_or_404(ClassificationBand, pk=pk)
    form = BandForm(request.POST or None, instance=band)
    if request.method == "POST" and form.is_valid():
        try:
            S.band_update(actor=actor, band=band, **form.service_kwargs())
        except ValidationError as exc:
            band.refresh_from_db()  # the page title shows the saved label, not the refused one
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu mức xếp loại “%(label)s”.") % {"label": band.label})
            return redirect("classification:index")
    return _form_page(request, "band_form.html", {"form": form, "band": band})


@login_required
@require_http_methods(["GET", "POST"])
def band_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    band = get_object_or_404(ClassificationBand, pk=pk)
    if request.method == "POST":
        S.band_delete(actor=actor, band=band)
        messages.success(request, _("Đã xóa mức xếp loại “%(label)s”.") % {"label": band.label})
        return redirect("classification:index")
    return render(request, f"{TEMPLATES}/confirm_delete.html", {
        "title": _("Xóa mức xếp loại"),
        "question": _("Xóa mức xếp loại “%(label)s”? Đơn vị có điểm trong mức này sẽ được xếp vào mức thấp hơn "
                      "liền kề.") % {"label": band.label},
    })
