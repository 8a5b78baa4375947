"""The province's own questionnaire: start a survey empty (or from the ready-made one, through
`survey_create`) and add, edit, reorder and delete its questions while nobody has answered it.

Every change re-checks the whole questionnaire in its order (unique codes, options of the
choice questions, skip rules naming an earlier choice question and one of its options), inside
the same transaction: a change that would break a later question's skip rule stores nothing.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from greenplan.accounts.access import deny_unless, may_edit_survey_questions
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.lib.text import clean_text
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.survey.errors import SurveyError
from greenplan.survey.models import CODE_MAX, Question, Response, Survey
from greenplan.survey.services import check_question

QUESTION_FIELDS = ["code", "kind", "text", "text_en", "required", "options", "min_value", "max_value",
                   "show_if", "show_if_options"]


def questions_locked(survey: Survey) -> bool:
    """Questions change only while the survey has no answers (the answers name them)."""
    return Response.objects.filter(survey=survey).exists()


def _refuse_if_locked(survey: Survey) -> None:
    if questions_locked(survey):
        raise SurveyError(_("Phiếu khảo sát đã có người trả lời nên không thể sửa câu hỏi nữa; "
                            "hãy tạo một phiếu mới nếu cần thay đổi."))


def _check_all(survey: Survey) -> list[str]:
    """Validate the questionnaire in its order; renumber it 1…n. Returns the codes in order."""
    seen: dict[str, Question] = {}
    for order, question in enumerate(survey.questions.order_by("order", "pk"), start=1):
        check_question(question, seen)
        if question.order != order:
            question.order = order
            question.save(update_fields=["order"])
        seen[question.code] = question
    if survey.training_question and survey.training_question not in seen:
        survey.training_question, survey.training_options = "", []
        survey.save(update_fields=["training_question", "training_options"])
    return list(seen)


@transaction.atomic
def survey_create_empty(*, actor: User, unit: Unit, period: Period, title: str, title_en: str = "") -> Survey:
    """A questionnaire without questions, closed until the organiser adds them and opens it."""
    deny_unless(may_edit_survey_questions(actor, unit))
    survey = Survey(
        unit=unit, period=period, is_open=False,
        title=clean_text(title, field=_("Tiêu đề"), max_length=200),
        title_en=clean_text(title_en, field=_("Tiêu đề tiếng Anh"), max_length=200),
    )
    if not survey.title:
        raise ValidationError({"title": _("Hãy nhập tiêu đề của phiếu khảo sát.")})
    survey.full_clean()
    survey.save()
    log_action(actor=actor, action="survey.created", obj=survey, unit=unit,
               data={"period": period.code, "questions": []})
    return survey


def _clean_spec(spec: dict[str, Any]) -> dict[str, Any]:
    data = {name: spec[name] for name in QUESTION_FIELDS if name in spec}
    for name, label, size in (("text", _("Câu hỏi"), 300), ("text_en", _("Câu hỏi tiếng Anh"), 300)):
        data[name] = clean_text(data.get(name, ""), field=label, max_length=size)
    data["code"] = str(data.get("code", "")).strip()
    data["show_if"] = str(data.get("show_if") or "").strip()
    data["show_if_options"] = [str(c).strip() for c in data.get("show_if_options") or [] if str(c).strip()]
    if bool(data["show_if"]) != bool(data["show_if_options"]):
        raise ValidationError({"show_if_options": _("Điều kiện hiển thị cần cả câu hỏi và lựa chọn.")})
    kind = data.get("kind")
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTI):
        data["options"] = [
            {"code": str(o.get("code", "")).strip(),
             "text": clean_text(o.get("text", ""), field=_("Lựa chọn"), max_length=200),
             "text_en": clean_text(o.get("text_en", ""), field=_("Lựa chọn"), max_length=200)}
            for o in data.get("options") or [] if isinstance(o, dict)
        ]
        if not all(o["text"] for o in data["options"]):
            raise ValidationError({"options": _("Mỗi lựa chọn cần có nội dung.")})
    else:
        data["options"] = []
    if kind != Question.Kind.NUMBER:
        data["min_value"] = data["max_value"] = None
    elif (data.get("min_value") is not None and data.get("max_value") is not None
          and data["min_value"] > data["max_value"]):
        raise ValidationError({"max_value": _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")})
    if not data["text"]:
        raise ValidationError({"text": _("Hãy nhập nội dung câu hỏi.")})
    if len(data["code"]) > CODE_MAX:
        raise ValidationError({"code": _("Mã câu hỏi quá dài.")})
    return data


def _check_saved(survey: Survey, question: Question) -> None:
    question.full_clean(exclude=["survey", "order"], validate_unique=False, validate_constraints=False)
    if survey.questions.filter(code=question.code).exclude(pk=question.pk).exists():
        raise ValidationError({"code": _("Mã câu hỏi %(q)s bị trùng.") % {"q": question.code}})


@transaction.atomic
def question_save(*, actor: User, survey: Survey, spec: dict[str, Any], question: Question | None = None) -> Question:
    """Add a question at the end of `survey`, or change `question`; `spec` as in survey_create."""
    deny_unless(may_edit_survey_questions(actor, survey.unit))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_if_locked(survey)
    data = _clean_spec(spec)
    if question is None:
        last = survey.questions.aggregate(m=Max("order"))["m"] or 0
        question = Question(survey=survey, order=last + 1)
        action, old = "survey.question_added", {}
    else:
        if question.survey_id != survey.pk:
            raise SurveyError(_("Câu hỏi không thuộc phiếu khảo sát này."))
        action, old = "survey.question_changed", {name: getattr(question, name) for name in data}
    for name, value in data.items():
        setattr(question, name, value)
    _check_saved(survey, question)
    question.save()
    _check_all(survey)
    changes = [{"field": name, "old": str(old.get(name, "")), "new": str(value)}
               for name, value in data.items() if str(old.get(name, "")) != str(value)]
    log_action(actor=actor, action=action, obj=survey, unit=survey.unit,
               data={"question": question.code, "changes": changes})
    return question


@transaction.atomic
def question_move(*, actor: User, survey: Survey, question: Question, up: bool) -> Question:
    """Swap `question` with the one above (or below) it; a question may not move above the one
    its skip rule names."""
    deny_unless(may_edit_survey_questions(actor, survey.unit))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_if_locked(survey)
    questions = list(survey.questions.order_by("order", "pk"))
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:
        raise SurveyError(_("Câu hỏi không thuộc phiếu khảo sát này."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
        for order, q in enumerate(questions, start=1):
            if q.order != order:
                q.order = order
                q.save(update_fields=["order"])
        codes = _check_all(survey)
        log_action(actor=actor, action="survey.question_moved", obj=survey, unit=survey.unit,
                   data={"question": question.code, "order": codes})
    return question


@transaction.atomic
def question_delete(*, actor: User, survey: Survey, question: Question) -> None:
    """Remove a question no later skip rule depends on."""
    deny_unless(may_edit_survey_questions(actor, survey.unit))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_if_locked(survey)
    if question.survey_id != survey.pk:
        raise SurveyError(_("Câu hỏi không thuộc phiếu khảo sát này."))
    dependent = survey.questions.filter(show_if=question.code).exclude(pk=question.pk).first()
    if dependent is not None:
        raise ValidationError(_("Câu hỏi %(d)s phụ thuộc câu %(q)s; hãy sửa điều kiện của câu %(d)s trước.")
                              % {"d": dependent.code, "q": question.code})
    code = question.code
    question.delete()
    _check_all(survey)
    if not survey.questions.exists() and survey.is_open:
        survey.is_open = False
        survey.save(update_fields=["is_open"])
    log_action(actor=actor, action="survey.question_deleted", obj=survey, unit=survey.unit, data={"question": code})
