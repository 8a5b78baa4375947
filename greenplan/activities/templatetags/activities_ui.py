from decimal import Decimal

from django import template

from greenplan.reporting.selectors import format_number

register = template.Library()


@register.filter
def whole_number(value: int | None) -> str:
    """1500000 → "1.500.000" in Vietnamese (the reporting pages' format); "—" when unknown."""
    return format_number(None if value is None else Decimal(value))
