"""The audit log page: admins read the entries of the subtrees they administer.

This module is the page, not the log: it asks greenplan.accounts.access who may read what
and looks units up by code, so it belongs with the other pages on the top floor; the rest of
the app (models, services, selectors) imports no other greenplan app.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import DateField, DateTimeField, Field
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from greenplan.accounts.access import audit_scope
from greenplan.accounts.http import SignedInRequest
from greenplan.audit.models import LogEntry
from greenplan.audit.selectors import Filters, entries_for
from greenplan.front.audit.forms import FilterForm
from greenplan.orgs.models import Unit

PAGE_SIZE = 50


def _field(entry: LogEntry, name: str) -> Field | None:
    model = entry.content_type.model_class()
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None  # an indicator code, a narrative part…
    return field if isinstance(field, Field) else None


def _shown(field: Field | None, value: object) -> object:
    """A value as a reader writes it: a choice by its label ("Trồng cây xanh", not "tree_planting"),
    yes or no in words, a date dd/mm/yyyy; anything else as stored."""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if field is None or value is None:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, DateField) and not isinstance(field, DateTimeField) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def _rows(entry: LogEntry) -> list[dict]:
    rows = []
    for change in entry.changes:
        if not isinstance(change, dict):
            continue
        name = str(change.get("field", ""))
        field = _field(entry, name)
        rows.append({"field": str(field.verbose_name) if field else name,
                     "old": _shown(field, change.get("old")), "new": _shown(field, change.get("new"))})
    return rows


def _filters(form: FilterForm) -> Filters | None:
    """The filters the form asks for; None when they cannot be applied (then nothing is listed)."""
    if not form.is_bound:
        return Filters()
    if not form.is_valid():
        return None
    data = form.cleaned_data
    unit_path = None
    if data["unit"]:
        unit = Unit.objects.filter(code=data["unit"]).only("path").first()
        if unit is None:
            form.add_error("unit", _("Không tìm thấy đơn vị có mã %(code)s.") % {"code": data["unit"]})
            return None
        unit_path = unit.path
    return Filters(actor=data["actor"], action=data["action"], kind=data["kind"], unit_path=unit_path,
                   date_from=data["date_from"], date_to=data["date_to"])


@login_required
@require_GET
def entry_list(request: SignedInRequest) -> HttpResponse:
    paths, unitless = audit_scope(request.user)
    if not paths:
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    entries = entries_for(paths=paths, unitless=unitless, filters=_filters(form))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.rows = _rows(entry)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/_results.html" if getattr(request, "htmx", False) else "audit/list.html"
    return render(request, template, context)
