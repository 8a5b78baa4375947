"""`{% survey_offer unit period as offer %}`: the survey's figures offered to a unit's report.

A template tag, so the report page (reporting, a lower floor) shows the offer by including
`survey/_report_offer.html` without importing this app.
"""

from django import template

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period, Report
from greenplan.survey.selectors import Offer, offered_figures

register = template.Library()


@register.simple_tag
def survey_offer(unit: Unit, period: Period, report: Report | None = None) -> Offer | None:
    offer = offered_figures(unit, period)
    if offer is not None and report is not None and report.pk:
        stored = dict(report.values.filter(indicator__code__in=list(offer.values()))
                      .values_list("indicator__code", "value"))
        offer.in_report = all(stored.get(code) == value for code, value in offer.values().items())
    return offer
