"""Classification settings under /settings/classification/: criteria and bands.

Only a root unit's admins (access.may_edit_settings) see these pages; everyone else gets 403.
Every write goes through greenplan.analytics.classification.services (one transaction each): a
ValidationError becomes a form error and nothing is saved.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from greenplan.lib.forms import service_form_page
from greenplan.ops.replica.views import reads_from_replica

TEMPLATES = "analytics/classification"


def _configurer(request: SignedInRequest) -> User:
    return require_settings_editor(request.user)


@reads_from_replica
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
    form = CriterionForm(request.POST or None)

    def save() -> str:
        criterion = S.criterion_create(actor=actor, **form.service_kwargs())
        return _("Đã thêm tiêu chí “%(name)s”.") % {"name": criterion.name}

    return service_form_page(request, form, save, done="classification:index",
                             template=f"{TEMPLATES}/criterion_form.html", context={"criterion": None})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    criterion = get_object_or_404(ClassificationCriterion, pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion)

    def save() -> str:
        S.criterion_update(actor=actor, criterion=criterion, **form.service_kwargs())
        return _("Đã lưu tiêu chí “%(name)s”.") % {"name": criterion.name}

    return service_form_page(request, form, save, done="classification:index",
                             template=f"{TEMPLATES}/criterion_form.html", context={"criterion": criterion},
                             refused=criterion.refresh_from_db)


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
    form = BandForm(request.POST or None)

    def save() -> str:
        band = S.band_create(actor=actor, **form.service_kwargs())
        return _("Đã thêm mức xếp loại “%(label)s”.") % {"label": band.label}

    return service_form_page(request, form, save, done="classification:index",
                             template=f"{TEMPLATES}/band_form.html", context={"band": None})


@login_required
@require_http_methods(["GET", "POST"])
def band_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = _configurer(request)
    band = get_object_or_404(ClassificationBand, pk=pk)
    form = BandForm(request.POST or None, instance=band)

    def save() -> str:
        S.band_update(actor=actor, band=band, **form.service_kwargs())
        return _("Đã lưu mức xếp loại “%(label)s”.") % {"label": band.label}

    return service_form_page(request, form, save, done="classification:index",
                             template=f"{TEMPLATES}/band_form.html", context={"band": band},
                             refused=band.refresh_from_db)


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
