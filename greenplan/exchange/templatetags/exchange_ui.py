"""The Excel buttons of a report page: `{% report_exchange_buttons %}` in exchange/_report_buttons.html."""

from typing import Any

from django import template

from greenplan.accounts.access import may_collect_templates, may_download_template

register = template.Library()


@register.inclusion_tag("exchange/_buttons.html", takes_context=True)
def report_exchange_buttons(context: dict[str, Any]) -> dict[str, Any]:
    user, unit, period = context["request"].user, context["unit"], context["period"]
    return {
        "unit": unit, "period": period,
        "may_download": may_download_template(user, unit),
        "may_collect": unit.numchild > 0 and may_collect_templates(user, unit),
    }
