"""Reads of the survey: what a user may see, the results of a subtree (aggregated in SQL), the
free-text answers, and the figures offered to a unit's report."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from greenplan.accounts.access import grants, may_see_survey, scope_q
from greenplan.accounts.models import User
from greenplan.orgs.models import Ownership, Unit, subtree_q
from greenplan.reporting.models import Period
from greenplan.survey.models import Answer, OptionTally, Question, Survey, UnitTally

FREE_TEXT_LIMIT = 200


def surveys_visible(user: User) -> QuerySet[Survey]:
    """Surveys organised in the user's scope or by a unit above one of the user's units."""
    above: set[str] = set()
    for path, _rank in grants(user):
        above.update(path[:end] for end in range(Unit.steplen, len(path), Unit.steplen))
    return Survey.objects.filter(scope_q(user, prefix="unit__") | Q(unit__path__in=above)).select_related(
        "unit", "period"
    )


def survey_for_user(user: User, pk: int) -> Survey:
    """The survey `pk` if the user may see it; 404 otherwise (its existence is not revealed)."""
    survey = Survey.objects.select_related("unit", "period").filter(pk=pk).first()
    if survey is None or not may_see_survey(user, survey.unit):
        raise Http404("no such survey")
    return survey


def visible_questions(questions: Iterable[Question], answers: Mapping[str, Any]) -> list[Question]:
    """The questions asked, given the answers: skip logic hides a question whose condition on an
    earlier (itself asked) question is not met."""
    asked: dict[str, Question] = {}
    for question in questions:
        if question.show_if:
            if question.show_if not in asked:
                continue
            raw = answers.get(question.show_if)
            chosen = {str(c) for c in raw} if isinstance(raw, list) else {str(raw)}
            if not chosen & set(question.show_if_options):
                continue
        asked[question.code] = question
    return list(asked.values())


@dataclass
class QuestionResult:
    question: Question
    counts: dict[str, int] = field(default_factory=dict)  # option code → answers, in the options' order
    answered: int = 0  # answer rows (a multiple choice counts each option chosen)
    mean: Decimal | None = None

    def share(self, option: str, responses: int) -> Decimal | None:
        return None if not responses else Decimal(self.counts.get(option, 0) * 100) / responses


@dataclass
class Results:
    survey: Survey
    unit: Unit
    responses: int
    questions: list[QuestionResult]


def _answers_in(survey: Survey, unit: Unit, sector: str | None, ownership: str | None) -> Q:
    """The answers of the unit's subtree. The organiser's whole subtree is every answer of the
    survey (its links exist only there), which spares the join to the units."""
    if unit.path == survey.unit.path and not sector and not ownership:
        return Q()
    units = Unit.objects.filter(subtree_q(unit.path))
    if sector:
        units = units.filter(sector__code=sector) if sector != "-" else units.filter(sector__isnull=True)
    if ownership:
        units = units.filter(ownership=ownership if ownership != "-" else "")
    return Q(unit__in=units.values("pk"))


def survey_results(survey: Survey, unit: Unit, *, sector: str | None = None, ownership: str | None = None) -> Results:
    """Counts per option, and means of numbers and scales, over the unit's subtree: two grouped
    queries over the units' tallies, whatever the number of answers."""
    where = _answers_in(survey, unit, sector, ownership)
    responses = UnitTally.objects.filter(where, survey=survey).aggregate(n=Sum("responses"))["n"] or 0
    grouped = (
        OptionTally.objects.filter(where, survey=survey)
        .values_list("question_id", "option")
        .annotate(n=Sum("answers"), total=Sum("total"), numbers=Sum("numbers"))
        .order_by()
    )
    by_question: dict[int, list[tuple[str, int, Decimal | None, int]]] = {}
    for question_id, option, n, total, numbers in grouped:
        by_question.setdefault(question_id, []).append((option, n, total, numbers))
    results = []
    for question in survey.questions.all():
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question)
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTI, Question.Kind.SCALE):
            found = {option: n for option, n, _t, _c in rows}
            result.counts = {code: found.get(code, 0) for code in question.option_codes()}
            result.answered = sum(n for _o, n, _t, _c in rows)
        elif question.kind == Question.Kind.TEXT:
            result.answered = Answer.objects.filter(where, survey=survey, question=question).count()
        else:
            result.answered = sum(n for _o, n, _t, _c in rows)
        if question.kind in (Question.Kind.NUMBER, Question.Kind.SCALE):
            total = sum((Decimal(t) for _o, _n, t, _c in rows if t is not None), Decimal(0))
            numbers = sum(c for _o, _n, _t, c in rows)
            result.mean = (total / numbers).quantize(Decimal("0.01")) if numbers else None
        results.append(result)
    return Results(survey=survey, unit=unit, responses=responses, questions=results)


def free_texts(survey: Survey, unit: Unit, *, sector: str | None = None, ownership: str | None = None,
               limit: int = FREE_TEXT_LIMIT) -> dict[int, list[str]]:
    """The latest short-text answers per question (question id → texts), newest first."""
    where = _answers_in(survey, unit, sector, ownership)
    found: dict[int, list[str]] = {}
    for question in survey.questions.filter(kind=Question.Kind.TEXT):
        found[question.pk] = list(
            Answer.objects.filter(where, survey=survey, question=question).order_by("-response_id")
            .values_list("text", flat=True)[:limit]
        )
    return found


def responses_by(survey: Survey, unit: Unit, dimension: str) -> list[tuple[str, str, int]]:
    """Responses of the subtree per sector or ownership type: (code, label, count), largest first;
    the code "-" stands for units without one."""
    where = _answers_in(survey, unit, None, None)
    qs = UnitTally.objects.filter(where, survey=survey)
    rows: list[tuple[str, str, int]] = []
    if dimension == "sector":
        pairs = qs.values_list("unit__sector__code", "unit__sector__name")
        for code, name, n in pairs.annotate(n=Sum("responses")).order_by():
            rows.append((code or "-", name or "", n))
    else:
        labels = dict(Ownership.choices)
        for code, n in qs.values_list("unit__ownership").annotate(n=Sum("responses")).order_by():
            rows.append((code or "-", str(labels.get(code, "")), n))
    return sorted(rows, key=lambda r: -r[2])


# --- figures offered to the report ----------------------------------------------------------------


@dataclass
class Offer:
    responses: int
    training_demand: int
    in_report: bool = False  # the report already holds exactly these figures

    def values(self) -> dict[str, int]:
        return {"G4_SURVEY_DONE": 1, "G4_SURVEY_RESPONSES": self.responses,
                "G4_TRAINING_DEMAND": self.training_demand}


def offered_figures(unit: Unit, period: Period) -> Offer | None:
    """What the surveys of `period` offer to the unit's own report: its own responses (not its
    subtree's: each unit reports its own, the totals add the subtree up) and the workers among
    them who want green-skill training. None when the unit has no response."""
    surveys = list(Survey.objects.filter(period=period))
    responses = UnitTally.objects.filter(survey__in=surveys, unit=unit).aggregate(n=Sum("responses"))["n"] or 0
    if not responses:
        return None
    demand = 0
    for survey in surveys:
        if survey.training_question:  # a single-choice question: one answer per response
            demand += OptionTally.objects.filter(
                survey=survey, unit=unit, question__code=survey.training_question,
                option__in=survey.training_options,
            ).aggregate(n=Sum("answers"))["n"] or 0
    return Offer(responses=responses, training_demand=demand)
