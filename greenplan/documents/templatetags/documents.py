"""`{% report_documents %}` on the report page: the download buttons and, for an officer of a
superior unit, the drafted sections of the compiled report to edit before downloading."""

from typing import Any

from django import template

from greenplan.accounts.access import may_draft_compiled_report
from greenplan.documents.report import compiled_report_data
from greenplan.documents.sections import section_rows

register = template.Library()


@register.inclusion_tag("documents/_report_documents.html", takes_context=True)
def report_documents(context: dict[str, Any]) -> dict[str, Any]:
    unit, period, user = context["unit"], context["period"], context["request"].user
    superior = bool(unit.numchild)
    rows = []
    if superior and may_draft_compiled_report(user, unit):
        rows = section_rows(compiled_report_data(unit, period.code))
    return {"unit": unit, "period": period, "superior": superior, "rows": rows,
            "csrf_token": context.get("csrf_token")}
