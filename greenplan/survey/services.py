"""Writes of the survey: questionnaires (the organiser's), answers (anyone holding a link) and
the offer of the survey's figures to a unit's report (through the reporting save service)."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import deny_unless, may_manage_surveys
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.lib.text import clean_text
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.reporting.services import SaveResult, report_save
from greenplan.survey import questionnaire
from greenplan.survey.errors import DuplicateResponse, InvalidAnswers, SurveyClosed, SurveyError
from greenplan.survey.models import (
    CODE_MAX,
    TEXT_MAX,
    Answer,
    OptionTally,
    Question,
    Response,
    Survey,
    UnitTally,
)
from greenplan.survey.selectors import offered_figures, visible_questions

NONCE_MAX = 64


@transaction.atomic
def survey_create(
    *,
    actor: User,
    unit: Unit,
    period: Period,
    title: str = questionnaire.TITLE,
    title_en: str = questionnaire.TITLE_EN,
    questions: list[dict[str, Any]] | None = None,
) -> Survey:
    """A questionnaire organised by `unit` for `period`; by default the green-jobs one. Each
    question is {"code", "kind", "text", "text_en"?, "required"?, "options"?, "min_value"?,
    "max_value"?, "show_if"?, "show_if_options"?}; a skip rule may only name an earlier question."""
    deny_unless(may_manage_surveys(actor, unit))
    default = questions is None
    survey = Survey(
        unit=unit, period=period,
        title=clean_text(title, field=_("Tiêu đề"), max_length=200),
        title_en=clean_text(title_en, field=_("Tiêu đề tiếng Anh"), max_length=200),
        intro=questionnaire.INTRO if default else "", intro_en=questionnaire.INTRO_EN if default else "",
        training_question=questionnaire.TRAINING_QUESTION if default else "",
        training_options=questionnaire.TRAINING_OPTIONS if default else [],
    )
    survey.full_clean()
    survey.save()
    seen: dict[str, Question] = {}
    for order, spec in enumerate(questionnaire.QUESTIONS if default else questions or [], start=1):
        question = Question(survey=survey, order=order, **spec)
        question.full_clean(exclude=["survey"])
        check_question(question, seen)
        question.save()
        seen[question.code] = question
    if not seen:
        raise ValidationError(_("Phiếu khảo sát cần ít nhất một câu hỏi."))
    log_action(actor=actor, action="survey.created", obj=survey, unit=unit,
               data={"period": period.code, "questions": list(seen)})
    return survey


def check_question(question: Question, earlier: dict[str, Question]) -> None:
    """One question against those before it: options of a choice question, a unique code, a skip
    rule naming an earlier choice question and its options."""
    choice = question.kind in (Question.Kind.SINGLE, Question.Kind.MULTI)
    codes = [str(o.get("code", "")) for o in question.options if isinstance(o, dict)]
    if choice and (len(codes) < 2 or len(set(codes)) != len(codes) or len(codes) != len(question.options)
                   or not all(c and len(c) <= CODE_MAX for c in codes)):
        raise ValidationError(_("Câu hỏi %(q)s cần ít nhất hai lựa chọn có mã khác nhau.") % {"q": question.code})
    if question.code in earlier:
        raise ValidationError(_("Mã câu hỏi %(q)s bị trùng.") % {"q": question.code})
    if question.show_if:
        parent = earlier.get(question.show_if)
        if (parent is None or parent.kind not in (Question.Kind.SINGLE, Question.Kind.MULTI, Question.Kind.SCALE)
                or not question.show_if_options or not set(question.show_if_options) <= set(parent.option_codes())):
            raise ValidationError(
                _("Câu hỏi %(q)s chỉ có thể phụ thuộc một lựa chọn của câu hỏi đứng trước.") % {"q": question.code}
            )


@transaction.atomic
def survey_set_open(*, actor: User, survey: Survey, is_open: bool) -> Survey:
    """Open or close a survey to answers; its results stay."""
    deny_unless(may_manage_surveys(actor, survey.unit))
    if is_open and not survey.questions.exists():
        raise ValidationError(_("Hãy thêm câu hỏi trước khi mở phiếu khảo sát."))
    if survey.is_open != is_open:
        survey.is_open = is_open
        survey.save(update_fields=["is_open"])
        log_action(actor=actor, action="survey.opened" if is_open else "survey.closed", obj=survey,
                   unit=survey.unit, data={"changes": [{"field": "is_open", "old": not is_open, "new": is_open}]})
    return survey


# --- answers --------------------------------------------------------------------------------------


def _one(raw: Any) -> Any:
    if isinstance(raw, list):
        return raw[0] if len(raw) == 1 else (None if not raw else raw)
    return raw


def _blank(raw: Any) -> bool:
    return raw is None or raw == [] or (isinstance(raw, str) and not raw.strip())


def _parse(question: Question, raw: Any) -> list[Answer]:
    """The rows one answer stores; ValueError with a Vietnamese message when it is not valid."""
    kind = question.kind
    if kind == Question.Kind.MULTI:
        chosen = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(c, str) and c in question.option_codes() for c in chosen):
            raise ValueError(_("Lựa chọn không có trong danh sách."))
        return [Answer(question=question, option=c) for c in dict.fromkeys(chosen)]
    raw = _one(raw)
    if kind == Question.Kind.SINGLE:
        if not isinstance(raw, str) or raw not in question.option_codes():
            raise ValueError(_("Lựa chọn không có trong danh sách."))
        return [Answer(question=question, option=raw)]
    if kind == Question.Kind.SCALE:
        if isinstance(raw, bool) or str(raw).strip() not in question.option_codes():
            raise ValueError(_("Hãy chọn một mức từ 1 đến 5."))
        value = str(raw).strip()
        return [Answer(question=question, option=value, number=Decimal(value))]
    if kind == Question.Kind.NUMBER:
        return [Answer(question=question, number=_number(question, raw))]
    text = clean_text(raw, field=_("Câu trả lời"), max_length=TEXT_MAX)
    return [Answer(question=question, text=text)] if text else []


def _number(question: Question, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise ValueError(_("Hãy nhập một số."))
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Hãy nhập một số.")) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Hãy nhập một số (tối đa 2 chữ số thập phân)."))
    low = question.min_value if question.min_value is not None else Decimal(0)
    high = question.max_value if question.max_value is not None else Decimal(10**9)
    if not low <= value <= high:
        raise ValueError(_("Hãy nhập một số từ %(low)s đến %(high)s.") % {"low": f"{low.normalize():f}",
                                                                         "high": f"{high.normalize():f}"})
    return value


def _share_lock(survey: Survey) -> Survey:
    """The survey row, read again under a lock that the builder's SELECT … FOR UPDATE waits for.

    The questions are read after it, so a response is checked against the questions that stay:
    the builder either commits first (the response sees its change) or waits for the response and
    then finds it (and refuses to change questions that have answers). FOR SHARE, not FOR UPDATE:
    answers to one survey arrive at once from a whole province and must not queue behind each
    other. SQLite runs one writing transaction at a time, which gives the same order.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Survey._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [survey.pk])  # noqa: S608
    return Survey.objects.select_related("unit").get(pk=survey.pk)


@transaction.atomic
def response_submit(
    *, survey: Survey, unit: Unit, answers: dict[str, Any], nonce: str, today: datetime.date | None = None
) -> Response:
    """Store one worker's anonymous answers to `survey` for `unit`, all or nothing.

    `answers` maps question codes to a text (single choice, number, short text, scale) or a list
    of option codes (multiple choice). A question hidden by the skip logic is ignored; a required
    one that is shown must be answered. `nonce` is the random token of the form: sending the same
    form twice stores it once (DuplicateResponse). Not written to the audit log: the writer is an
    anonymous worker, and logging each answer would keep a trail (time, unit) that could identify
    them; the answers themselves are the record.
    """
    survey = _share_lock(survey)
    if not survey.is_open:
        raise SurveyClosed(_("Cuộc khảo sát này đã kết thúc, không nhận thêm câu trả lời."))
    if not unit.path.startswith(survey.unit.path) or not unit.is_active:
        raise SurveyError(_("Đường dẫn khảo sát không hợp lệ."))
    nonce = str(nonce or "").strip()
    if not 16 <= len(nonce) <= NONCE_MAX or not nonce.isascii():
        raise SurveyError(_("Phiếu trả lời không hợp lệ; hãy tải lại trang và gửi lại."))
    questions = list(survey.questions.all())
    known = {q.code for q in questions}
    errors: dict[str, str] = {code: _("Câu hỏi không có trong phiếu.") for code in answers if code not in known}
    rows: list[Answer] = []
    for question in visible_questions(questions, answers):
        raw = answers.get(question.code)
        if _blank(raw):
            if question.required:
                errors[question.code] = _("Vui lòng trả lời câu hỏi này.")
            continue
        try:
            rows.extend(_parse(question, raw))
        except ValueError as exc:
            errors[question.code] = str(exc)
    if errors:
        raise InvalidAnswers(errors, _("Phiếu chưa được gửi: vui lòng xem lại các câu được đánh dấu."))
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, unit=unit, nonce=nonce,
                                               submitted_on=today or timezone.localdate())
    except IntegrityError:
        raise DuplicateResponse(_("Phiếu này đã được gửi rồi. Cảm ơn anh/chị!")) from None
    for row in rows:
        row.response, row.survey, row.unit = response, survey, unit
    Answer.objects.bulk_create(rows)
    _count(survey, unit, rows)
    return response


def _upsert(model: type[models.Model], keys: list[str], rows: list[dict[str, Any]], amounts: list[str]) -> None:
    """Add each row's `amounts` to its tally, creating the missing ones: one INSERT … ON CONFLICT
    DO UPDATE (the same SQL on SQLite and PostgreSQL), so two answers stored at once both count."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name) for name in [*keys, *amounts]]
    quoted = [connection.ops.quote_name(str(getattr(f, "column", f.name))) for f in columns]
    conflict = ", ".join(quoted[: len(keys)])
    updates = ", ".join(f"{q} = {table}.{q} + excluded.{q}" for q in quoted[len(keys):])
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    params = [row[name] for row in rows for name in [*keys, *amounts]]
    sql = (f"INSERT INTO {table} ({', '.join(quoted)}) VALUES {values} "  # noqa: S608 - names from the model
           f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _count(survey: Survey, unit: Unit, rows: list[Answer]) -> None:
    _upsert(UnitTally, ["survey", "unit"], [{"survey": survey.pk, "unit": unit.pk, "responses": 1}], ["responses"])
    grouped: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        if row.question.kind == Question.Kind.TEXT:
            continue  # listed, not counted
        entry = grouped.setdefault((row.question.pk, row.option), {
            "survey": survey.pk, "unit": unit.pk, "question": row.question.pk, "option": row.option,
            "answers": 0, "numbers": 0, "total": Decimal(0)})
        entry["answers"] += 1
        if row.number is not None:
            entry["numbers"] += 1
            entry["total"] += row.number
    _upsert(OptionTally, ["survey", "unit", "question", "option"], list(grouped.values()),
            ["answers", "numbers", "total"])


@transaction.atomic
def survey_tallies_rebuild(*, survey: Survey) -> None:
    """Recount a survey's tallies from its stored answers (after a bulk load, or to check them)."""
    UnitTally.objects.filter(survey=survey).delete()
    OptionTally.objects.filter(survey=survey).delete()
    per_unit = Response.objects.filter(survey=survey).values_list("unit_id").annotate(n=Count("id")).order_by()
    UnitTally.objects.bulk_create([UnitTally(survey=survey, unit_id=u, responses=n) for u, n in per_unit])
    per_option = (
        Answer.objects.filter(survey=survey).exclude(question__kind=Question.Kind.TEXT)
        .values_list("unit_id", "question_id", "option")
        .annotate(n=Count("id"), numbers=Count("number"), total=Sum("number")).order_by()
    )
    OptionTally.objects.bulk_create(
        [OptionTally(survey=survey, unit_id=u, question_id=q, option=o, answers=n, numbers=c, total=t or 0)
         for u, q, o, n, c, t in per_option],
        batch_size=5000,
    )


# --- the report's offered figures -----------------------------------------------------------------


@transaction.atomic
def survey_figures_accept(*, actor: User, unit: Unit, period: Period, version: int) -> SaveResult:
    """Write the survey's offered figures (responses, training demand, survey done) into the
    unit's report, through the reporting save service (its rights, rules and audit entry)."""
    offer = offered_figures(unit, period)
    if offer is None:
        raise SurveyError(_("Đơn vị chưa có phiếu khảo sát nào trong kỳ này."))
    return report_save(actor=actor, unit=unit, period=period, version=version, values=offer.values())
