"""`{% activities_offer unit period report as offer %}`: the figures a unit's activities offer to
its report. A template tag, so the report page (reporting, a lower floor) shows the offer by
including `activities/_report_offer.html` without importing this app."""

from decimal import Decimal

from django import template

from greenplan.activities.figures import Offer, offered_figures
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period, Report
from greenplan.reporting.selectors import format_number, input_text

register = template.Library()


@register.simple_tag
def activities_offer(unit: Unit, period: Period, report: Report | None = None) -> Offer | None:
    return offered_figures(unit, period, report)


@register.filter
def figure_text(value: Decimal | None) -> str:
    """A figure as the report pages print it (1.234,5; "—" when empty)."""
    return format_number(value)


@register.filter
def figure_input(value: Decimal | None) -> str:
    """A figure as the entry boxes hold it (no grouping, a decimal comma the parser reads back)."""
    return input_text(value)
