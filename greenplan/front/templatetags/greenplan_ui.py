from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from greenplan.accounts.access import highest_role
from greenplan.accounts.models import User
from greenplan.lib import i18n
from greenplan.orgs.models import Unit

register = template.Library()


@register.filter
def localized(obj: object, field: str = "name") -> str:
    """`{{ kind|localized }}`, `{{ band|localized:"label" }}`: the name in the page's language."""
    return i18n.localized(obj, field)


@register.filter
def measure(unit: str) -> str:
    """`{{ ind.unit|measure }}`: an indicator's unit of measure in the page's language."""
    return i18n.measure(unit)


@register.filter
def code_breaks(code: str) -> str:
    """`{{ ind.code|code_breaks }}`: a long code ("G2_PROPOSALS_RESOLVED_RATE") may wrap after its
    underscores on a phone, never inside a part."""
    return mark_safe("_<wbr>".join(escape(part) for part in str(code).split("_")))  # noqa: S308 — parts escaped


@register.simple_tag
def role_label(user: User, unit: Unit) -> str:
    """The user's strongest role on the unit, as a label ("Duyệt")."""
    role = highest_role(user, unit)
    return str(role.label) if role is not None else ""


@register.filter
def vn_number(value: Decimal | None) -> str:
    """A number in the reader's format (1.234,5 in Vietnamese), no trailing zeros."""
    from greenplan.reporting.selectors import format_number

    return format_number(value)


@register.inclusion_tag("front/_unit_breadcrumbs.html")
def unit_breadcrumbs(crumbs: list[Unit] | None, unit: Unit, url_name: str, *args: str, query: str = "",
                     ) -> dict[str, Any]:
    """The unit's ancestors in the reader's scope, each linked to the same page for that unit
    (`url_name` reversed with the ancestor's code and `args`), then the unit itself."""
    from django.urls import reverse

    suffix = f"?{query}" if query else ""
    return {"links": [(a.name, reverse(url_name, args=[a.code, *args]) + suffix) for a in crumbs or []],
            "current": unit.name}


@register.filter
def error_count(form: Any) -> int:
    """`{{ form|error_count }}`: how many errors a form shows, its own and its fields'."""
    return sum(len(errors) for errors in form.errors.values())
