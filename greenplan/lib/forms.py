"""Form helpers shared by every page that calls a service."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
