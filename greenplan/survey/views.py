"""The survey's pages for signed-in users: the list, results of a subtree (with charts and
exports), the printable poster of a unit's link, and the offered report figures."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenplan.accounts.access import (
    Action,
    deny_unless,
    may_manage_surveys,
    may_read_survey_results,
    may_share_survey_link,
    scope_roots,
)
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user
from greenplan.lib.exporters import export_links, requested_format
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Ownership, Sector, Unit, children_q
from greenplan.reporting.errors import ReportingError
from greenplan.reporting.labels import period_label
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period
from greenplan.reporting.selectors import format_number
from greenplan.survey.errors import SurveyError
from greenplan.survey.exports import ResultsExporter, share
from greenplan.survey.links import answer_path
from greenplan.survey.models import Survey
from greenplan.survey.selectors import free_texts, responses_by, survey_for_user, survey_results, surveys_visible
from greenplan.survey.services import survey_create, survey_figures_accept, survey_set_open
from greenplan.survey.texts import option_labels


def home_unit(user: Any, survey: Survey) -> Unit | None:
    """Where a user starts reading a survey's results: the organiser when it is in their scope,
    else their highest unit inside the organiser's subtree."""
    if may_read_survey_results(user, survey.unit):
        return survey.unit
    return next((u for u in scope_roots(user) if u.path.startswith(survey.unit.path)), None)


@login_required
@require_GET
def survey_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    rows = [{"survey": s, "home": home_unit(user, s), "manage": may_manage_surveys(user, s.unit),
             "period": period_label(s.period.code)} for s in surveys_visible(user)]
    organisers = [u for u in scope_roots(user) if u.depth == 1 and may_manage_surveys(user, u)]
    periods = [(p.code, period_label(p.code)) for p in Period.objects.all()] if organisers else []
    return render(request, "survey/list.html", {"rows": rows, "organisers": organisers, "periods": periods})


@login_required
@require_POST
def survey_new(request: SignedInRequest) -> HttpResponse:
    unit = unit_for_user(request.user, request.POST.get("unit", ""), Action.ADMIN)
    period = Period.objects.filter(code=request.POST.get("period", "")).first()
    if period is None:
        messages.error(request, _("Hãy chọn kỳ báo cáo của cuộc khảo sát."))
        return redirect("survey:list")
    try:
        survey = survey_create(actor=request.user, unit=unit, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("survey:list")
    messages.success(request, _("Đã tạo phiếu khảo sát «%(title)s».") % {"title": survey.title})
    return redirect("survey:results", pk=survey.pk, unit=unit.code)


@login_required
@require_POST
def survey_state(request: SignedInRequest, pk: int) -> HttpResponse:
    survey = survey_for_user(request.user, pk)
    try:
        survey_set_open(actor=request.user, survey=survey, is_open=request.POST.get("open") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("survey:list")
    messages.success(request, _("Cuộc khảo sát đang nhận trả lời.") if survey.is_open
                     else _("Cuộc khảo sát đã kết thúc nhận trả lời."))
    return redirect("survey:list")


def _filters(request: SignedInRequest) -> tuple[str, str]:
    sector = request.GET.get("sector", "").strip()
    ownership = request.GET.get("ownership", "").strip()
    if sector and sector != "-" and not Sector.objects.filter(code=sector).exists():
        sector = ""
    if ownership and ownership != "-" and ownership not in Ownership.values:
        ownership = ""
    return sector, ownership


@login_required
@require_GET
def results_page(request: SignedInRequest, pk: int, unit: str) -> HttpResponse:
    survey = survey_for_user(request.user, pk)
    unit_obj = unit_for_user(request.user, unit)
    deny_unless(may_read_survey_results(request.user, unit_obj))
    if not unit_obj.path.startswith(survey.unit.path):
        raise Http404("unit outside the survey")
    sector, ownership = _filters(request)
    results = survey_results(survey, unit_obj, sector=sector, ownership=ownership)
    fmt = requested_format(request)
    if fmt:
        return ResultsExporter(survey, unit_obj, results, sector=sector, ownership=ownership).response(fmt)
    texts = free_texts(survey, unit_obj, sector=sector, ownership=ownership)
    questions = []
    for qr in results.questions:
        labels = option_labels(qr.question)
        options = [{"code": c, "label": labels.get(c, c), "n": n, "share": share(n, results.responses)}
                   for c, n in qr.counts.items()]
        questions.append({
            "q": qr.question, "text": localized(qr.question, "text"), "options": options, "answered": qr.answered,
            "mean": format_number(qr.mean) if qr.mean is not None else None,
            "texts": texts.get(qr.question.pk, []),
            "chart": ({"labels": [o["label"] for o in options], "values": [o["n"] for o in options]}
                      if options else None),
        })
    children = Unit.objects.filter(children_q(unit_obj)).order_by("path")
    return render(request, "survey/results.html", {
        "survey": survey, "unit": unit_obj, "results": results, "questions": questions,
        "crumbs": breadcrumbs(request.user, unit_obj), "period": period_label(survey.period.code),
        "sector": sector, "ownership": ownership, "sectors": Sector.objects.all(),
        "ownerships": Ownership.choices, "by_sector": responses_by(survey, unit_obj, "sector"),
        "by_ownership": responses_by(survey, unit_obj, "ownership"), "children": children,
        "exports": export_links(request),
        "lang": get_language() or "vi",
        "link": request.build_absolute_uri(answer_path(survey, unit_obj)) if survey.is_open else "",
    })


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG (segno writes only its own markup, no user text)."""
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#000", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - generated by segno from an URL we built


@login_required
@require_GET
def poster(request: SignedInRequest, pk: int, unit: str) -> HttpResponse:
    survey = survey_for_user(request.user, pk)
    unit_obj = unit_for_user(request.user, unit)
    deny_unless(may_share_survey_link(request.user, unit_obj))
    if not unit_obj.path.startswith(survey.unit.path):
        raise Http404("unit outside the survey")
    url = request.build_absolute_uri(answer_path(survey, unit_obj))
    return render(request, "survey/poster.html", {
        "survey": survey, "unit": unit_obj, "url": url, "qr": qr_svg(url),
        "minutes": 3, "questions": survey.questions.count(),
    })


@login_required
@require_POST
def accept_figures(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit)
    period_obj = Period.objects.filter(code=period.upper()).first()
    if period_obj is None:
        raise Http404(period)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    back = report_url(unit_obj, period_obj, "survey-offer")
    try:
        survey_figures_accept(actor=request.user, unit=unit_obj, period=period_obj, version=version)
    except (ReportingError, SurveyError) as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(back)
    messages.success(request, _("Đã điền số liệu khảo sát vào báo cáo; có thể sửa lại nếu cần."))
    return HttpResponseRedirect(back)
