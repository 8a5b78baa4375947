"""The superior's page of its subordinates' difficulties and proposals for a period."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from greenplan.accounts.access import Action
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.lib.exporters import download, export_links
from greenplan.ops.replica.views import reads_from_replica
from greenplan.reporting import selectors
from greenplan.reporting.links import report_url
from greenplan.reporting.proposals.exports import ProposalsExporter
from greenplan.reporting.proposals.selectors import DIFFICULTIES, PROPOSALS, compiled_narratives

QUERY_MAX = 200


@reads_from_replica
@login_required
@require_GET
def proposals_page(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit, Action.VIEW)
    period_obj = selectors.period_by_code(period)
    level = request.GET.get("level", "").strip()
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    has = request.GET.get("has", "")
    has = has if has in (DIFFICULTIES, PROPOSALS) else ""
    compiled = compiled_narratives(unit_obj, period_obj, level=level, query=query, has=has)
    if file := download(request, lambda: ProposalsExporter(unit_obj, period_obj, compiled.rows)):
        return file
    return render(request, "reporting/proposals.html", {
        "unit": unit_obj,
        "period": period_obj,
        "periods": list(selectors.periods_listed()),
        "compiled": compiled,
        "rows": [(row, report_url(row.unit, period_obj)) for row in compiled.rows],
        "level": level,
        "query": query,
        "has": has,
        "filtered": bool(level or query or has),
        "exports": export_links(request),
        "crumbs": breadcrumbs(request.user, unit_obj),
    })
