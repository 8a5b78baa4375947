"""`{% survey_offer unit period as offer %}`: the survey's figures offered to a unit's report.

A template tag, so the report page (reporting, a lower floor) shows the offer by including
`survey/_report_offer.html` without importing this app.
"""

from django import template

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.survey.selectors import Offer, offered_figures

register = template.Library()


@register.simple_tag
def survey_offer(unit: Unit, period: Period) -> Offer | None:
    return offered_figures(unit, period)
