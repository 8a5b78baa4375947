"""The green-jobs survey: the surveys a user sees, a unit's public answer link, and the results
of a unit's subtree — the same selectors as the pages."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema

from greenplan.accounts.access import may_read_survey_results, may_share_survey_link
from greenplan.accounts.models import User
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import UnitCode
from greenplan.api.units import scoped_unit
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.survey.links import answer_path
from greenplan.survey.models import Survey
from greenplan.survey.selectors import survey_for_user, survey_results, surveys_visible

router = Router(tags=["surveys"])

SurveyId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The survey's id (from `GET /surveys`).")]


class SurveyOut(Schema):
    id: int
    title: str
    open: bool


class LinkOut(Schema):
    url: str


class QuestionResultOut(Schema):
    code: str
    text: str
    kind: str
    counts: dict[str, int]
    mean: float | None


class ResultsOut(Schema):
    responses: int
    questions: list[QuestionResultOut]


def _survey(request: HttpRequest, pk: int) -> Survey:
    user: User = request.auth  # type: ignore[attr-defined]
    try:
        return survey_for_user(user, pk)
    except Http404:
        raise ApiError(404, _("Không tìm thấy phiếu khảo sát %(id)s.") % {"id": pk}) from None


def _unit_of(request: HttpRequest, survey: Survey, code: str) -> Unit:
    unit = scoped_unit(request, code)
    if not unit.path.startswith(survey.unit.path):
        raise ApiError(404, _("Đơn vị %(code)s không tham gia cuộc khảo sát này.") % {"code": unit.code})
    return unit


@router.get("", response={200: list[SurveyOut], 401: ErrorOut}, summary="The surveys the user sees")
def survey_list(request: HttpRequest) -> list[SurveyOut]:
    """Surveys organised in the user's scope or by a unit above one of the user's units, newest
    period first; `title` in the language of `Accept-Language` when the survey has one."""
    user: User = request.auth  # type: ignore[attr-defined]
    return [SurveyOut(id=s.pk, title=localized(s, "title"), open=s.is_open) for s in surveys_visible(user)]


@router.get(
    "/{id}/link/{unit}",
    response={200: LinkOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A unit's public answer link",
    description="The absolute URL of the unit's public answer page (workers answer there without "
                "an account). The link carries a signature: it cannot be derived from the unit code.",
)
def survey_link(request: HttpRequest, id: SurveyId, unit: UnitCode) -> LinkOut:  # noqa: A002 - the contract's name
    survey = _survey(request, id)
    target = _unit_of(request, survey, unit)
    if not may_share_survey_link(request.auth, target):  # type: ignore[attr-defined]
        raise ApiError(403, _("Đơn vị %(code)s nằm ngoài phạm vi của bạn.") % {"code": target.code})
    return LinkOut(url=request.build_absolute_uri(answer_path(survey, target)))


@router.get(
    "/{id}/results/{unit}",
    response={200: ResultsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Results over a unit's subtree",
    description="`responses` counts the responses of the unit and every unit below it. For each "
                "question: `counts` maps each option code (a scale's options are `1`…`5`) to the "
                "number of answers choosing it (a multiple choice counts each option chosen; number "
                "and text questions have no counts), and `mean` is the average of a number or scale "
                "question (null otherwise or without answers).",
)
def survey_results_detail(request: HttpRequest, id: SurveyId, unit: UnitCode) -> ResultsOut:  # noqa: A002
    survey = _survey(request, id)
    target = _unit_of(request, survey, unit)
    if not may_read_survey_results(request.auth, target):  # type: ignore[attr-defined]
        raise ApiError(403, _("Đơn vị %(code)s nằm ngoài phạm vi của bạn.") % {"code": target.code})
    results = survey_results(survey, target)
    return ResultsOut(responses=results.responses, questions=[
        QuestionResultOut(code=r.question.code, text=localized(r.question, "text"), kind=r.question.kind,
                          counts=r.counts, mean=None if r.mean is None else float(r.mean))
        for r in results.questions
    ])
