"""Classification settings under /settings/classification/: criteria and bands.

Only a root unit's admins (access.may_edit_settings) see these pages; everyone else gets 403.
Every write goes through greenplan.analytics.classification.services (one transaction each): a
ValidationError becomes a form error and nothing is saved.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from greenplan.accounts.access import require_settings_editor
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.models import User
from greenplan.analytics.classification import services as S
from greenplan.analytics.classification.forms import BandForm, CriterionForm
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.lib.forms import add_service_errors

TEMPLATES = "analytics/classification"


def _configurer(request: SignedInRequest) -> User:
    return require_settings_editor(request.user)


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
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


def _form_view(request: HttpRequest, form: CriterionForm | BandForm, save: Callable[[dict[str, Any]], Model],
               done: str, template: str, ctx: dict[str, Any],
               instance: ClassificationCriterion | ClassificationBand | None = None) -> HttpResponse:
    """Add or edit a criterion or a band: `save(cleaned kwargs)` is the service call; its refusals
    become the form's errors (422), its success a message and the list."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_kwargs())
        except ValidationError as exc:
            if instance is not None:
                instance.refresh_from_db()  # the page title shows the saved name, not the refused one
            add_service_errors(form, exc)
        else:
            messages.success(request, done % {"name": getattr(saved, "name", ""), "label": getattr(saved, "label", "")})
            return redirect("classification:index")
    return _form_page(request, template, {**ctx, "form": form})


def _delete_view(request: HttpRequest, delete: Callable[[], object], done: str, title: str,
                 question: str) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect("classification:index")
    return render(request, f"{TEMPLATES}/confirm_delete.html", {"title": title, "question": question})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_new(request: SignedInRequest) -> HttpResponse:
    actor = _configurer(request)
    return _form_view(request, CriterionForm(request.POST or None),
                      lambda data: S.criterion_create(actor=actor, **data),
                      _("Đã thêm tiêu chí “%(name)s”."), "criterion_form.html", {"criterion": None})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    criterion = get_object_or_404(ClassificationCriterion, pk=pk)
    return _form_view(request, CriterionForm(request.POST or None, instance=criterion),
                      lambda data: S.criterion_update(actor=actor, criterion=criterion, **data),
                      _("Đã lưu tiêu chí “%(name)s”."), "criterion_form.html", {"criterion": criterion}, criterion)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    criterion = get_object_or_404(ClassificationCriterion, pk=pk)
    return _delete_view(
        request, lambda: S.criterion_delete(actor=actor, criterion=criterion),
        _("Đã xóa tiêu chí “%(name)s”.") % {"name": criterion.name}, _("Xóa tiêu chí"),
        _("Xóa tiêu chí “%(name)s”? Điểm và xếp loại của mọi kỳ sẽ tính theo các tiêu chí còn lại.")
        % {"name": criterion.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def band_new(request: SignedInRequest) -> HttpResponse:
    actor = _configurer(request)
    return _form_view(request, BandForm(request.POST or None),
                      lambda data: S.band_create(actor=actor, **data),
                      _("Đã thêm mức xếp loại “%(label)s”."), "band_form.html", {"band": None})


@login_required
@require_http_methods(["GET", "POST"])
def band_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    band = get_object_or_404(ClassificationBand, pk=pk)
    return _form_view(request, BandForm(request.POST or None, instance=band),
                      lambda data: S.band_update(actor=actor, band=band, **data),
                      _("Đã lưu mức xếp loại “%(label)s”."), "band_form.html", {"band": band}, band)


@login_required
@require_http_methods(["GET", "POST"])
def band_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    band = get_object_or_404(ClassificationBand, pk=pk)
    return _delete_view(
        request, lambda: S.band_delete(actor=actor, band=band),
        _("Đã xóa mức xếp loại “%(label)s”.") % {"label": band.label}, _("Xóa mức xếp loại"),
        _("Xóa mức xếp loại “%(label)s”? Đơn vị có điểm trong mức này sẽ được xếp vào mức thấp hơn "
          "liền kề.") % {"label": band.label},
    )
