"""Pages of the questionnaire builder: start a survey (from the ready-made questionnaire or
empty) and define its questions. Thin: the forms read what was typed, the builder services
decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenplan.accounts.access import deny_unless, may_edit_survey_questions, scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import unit_for_user
from greenplan.lib.forms import add_service_errors
from greenplan.reporting.labels import period_label
from greenplan.reporting.models import Period
from greenplan.survey.builder import (
    question_delete,
    question_move,
    question_save,
    questions_locked,
    survey_create_empty,
)
from greenplan.survey.errors import SurveyError
from greenplan.survey.forms import QuestionForm, SurveyStartForm, initial_for
from greenplan.survey.models import Question, Survey
from greenplan.survey.selectors import survey_for_user
from greenplan.survey.services import survey_create


def _editable(request: SignedInRequest, pk: int) -> Survey:
    survey = survey_for_user(request.user, pk)
    deny_unless(may_edit_survey_questions(request.user, survey.unit))
    return survey


def _question(survey: Survey, qpk: int) -> Question:
    question = survey.questions.filter(pk=qpk).first()
    if question is None:
        raise Http404("no such question")
    return question


@login_required
@require_http_methods(["GET", "POST"])
def survey_start(request: SignedInRequest) -> HttpResponse:
    organisers = [u for u in scope_roots(request.user) if u.depth == 1 and may_edit_survey_questions(request.user, u)]
    deny_unless(bool(organisers))
    form = SurveyStartForm(request.POST or None, units=[(u.code, u.name) for u in organisers])
    form.fields["period"].choices = [(p.code, period_label(p.code)) for p in Period.objects.all()]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = unit_for_user(request.user, data["unit"])
        period = Period.objects.get(code=data["period"])
        try:
            if data["start"] == "empty":
                survey = survey_create_empty(actor=request.user, unit=unit, period=period,
                                             title=data["title"], title_en=data["title_en"])
            else:
                survey = survey_create(actor=request.user, unit=unit, period=period,
                                       title=data["title"], title_en=data["title_en"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo phiếu khảo sát «%(title)s».") % {"title": survey.title})
            return redirect("survey:questions", pk=survey.pk)
    return render(request, "survey/start.html", {"form": form})


def _render_questions(request: SignedInRequest, survey: Survey, form: QuestionForm, status: int = 200) -> HttpResponse:
    return render(request, "survey/questions.html", {
        "survey": survey, "questions": list(survey.questions.all()), "form": form,
        "locked": questions_locked(survey), "period": period_label(survey.period.code),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def questions_page(request: SignedInRequest, pk: int) -> HttpResponse:
    """The survey's questions, in order, with the form that adds one at the end."""
    survey = _editable(request, pk)
    form = QuestionForm(request.POST or None, earlier=list(survey.questions.all()))
    if request.method == "POST" and form.is_valid():
        try:
            question = question_save(actor=request.user, survey=survey, spec=form.spec())
        except SurveyError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm câu hỏi %(q)s.") % {"q": question.code})
            return redirect("survey:questions", pk=survey.pk)
    return _render_questions(request, survey, form, 400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: SignedInRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _editable(request, pk)
    question = _question(survey, qpk)
    earlier = [q for q in survey.questions.all() if (q.order, q.pk) < (question.order, question.pk)]
    form = QuestionForm(request.POST or None, earlier=earlier, initial=initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            question_save(actor=request.user, survey=survey, spec=form.spec(), question=question)
        except SurveyError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu câu hỏi %(q)s.") % {"q": form.cleaned_data["code"]})
            return redirect("survey:questions", pk=survey.pk)
    question.refresh_from_db()
    return render(request, "survey/question_form.html", {
        "survey": survey, "question": question, "form": form, "locked": questions_locked(survey),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def question_move_view(request: SignedInRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _editable(request, pk)
    question = _question(survey, qpk)
    try:
        question_move(actor=request.user, survey=survey, question=question, up=request.POST.get("direction") != "down")
    except SurveyError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("survey:questions", pk=survey.pk)


@login_required
@require_POST
def question_delete_view(request: SignedInRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _editable(request, pk)
    question = _question(survey, qpk)
    try:
        question_delete(actor=request.user, survey=survey, question=question)
    except SurveyError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa câu hỏi %(q)s.") % {"q": question.code})
    return redirect("survey:questions", pk=survey.pk)
