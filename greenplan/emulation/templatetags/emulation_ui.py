"""Points as Vietnamese read and type them: 92,5 (never 92,50)."""

from decimal import Decimal

from django import template

from greenplan.reporting.selectors import format_number, input_text

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    """For reading: "92,5", "1.000", "—" when empty."""
    return format_number(value)


@register.filter
def points_input(value: Decimal | None) -> str:
    """For an input box: "92,5", "" when empty (what the parser reads back)."""
    return input_text(value)
