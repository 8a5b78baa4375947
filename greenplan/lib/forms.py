"""Form helpers shared by every page: the project's form renderer (one field template), a
service's refusal on a form, and the add/edit page of a form that calls a service."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

# Bootstrap's class for each kind of widget; a class the form already set (form-control-sm…) stays.
_WIDGET_CLASS = (
    ((forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect), "form-check-input"),
    ((forms.Select,), "form-select"),
)
_BASES = ("form-control", "form-select", "form-check-input")


def _widget_class(widget: forms.Widget) -> str:
    for kinds, css in _WIDGET_CLASS:
        if isinstance(widget, kinds):
            return css
    return "form-control"


class FieldWithStyle(forms.BoundField):
    """A field as every form shows it: Bootstrap's class on the widget and `is-invalid` when it
    has an error (Django adds aria-invalid and aria-describedby, pointing at the hint's and the
    error's ids in templates/forms/field.html)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        classes = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
        if not any(css.startswith(_BASES) for css in classes):
            classes.append(_widget_class(widget))
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(dict.fromkeys(classes))
        return attrs

    @property
    def marked_required(self) -> bool:
        """A star beside the label: the field is required and the form has optional ones (when
        every field is required, as on the login form, the stars would say nothing)."""
        return self.field.required and not all(field.required for field in self.form.fields.values())


class FormRenderer(TemplatesSetting):
    """FORM_RENDERER: every field through templates/forms/field.html ({{ field.as_field_group }})."""

    field_template_name = "forms/field.html"
    bound_field_class = FieldWithStyle


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the form: each error under its field where the form has that
    field, the rest (and an error that names no field) above the form. A fact the service said
    twice under two names that the form lacks is shown once."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    seen: set[str] = set()
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for error in errors:
            text = " ".join(error.messages)
            if target is None and text in seen:
                continue  # one fact said twice (a unique code and a unique year + half)
            seen.add(text)
            form.add_error(target, error)


def service_form_page(
    request: HttpRequest, form: forms.Form, save: Callable[[], str], *, done: str, template: str,
    context: dict[str, Any], refused: Callable[[], None] | None = None,
) -> HttpResponse:
    """The add or edit page of a form that calls one service.

    On a valid POST `save()` calls the service and returns the message to show; the page then
    goes to `done` (a URL or a URL name). A refusal of the service (ValidationError) becomes
    the form's errors — after `refused()`, which reloads an edited object so the page shows what
    is stored — and the form comes back with 422, as it does when it is invalid.
    """
    if request.method == "POST" and form.is_valid():
        try:
            message = save()
        except ValidationError as exc:
            if refused is not None:
                refused()
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(done)
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)
