"""The demo green-jobs survey: the province's ready-made questionnaire for the open half-year,
with a few hundred deterministic answers from some forty grassroots unions."""

import datetime
import random
from typing import Any

from django.db import transaction

from greenplan.accounts.models import User
from greenplan.demo import data
from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting.models import Period
from greenplan.survey.models import Question, Survey
from greenplan.survey.selectors import visible_questions
from greenplan.survey.services import response_submit, survey_create

UNITS = 40
ANSWERS = (4, 14)  # per unit
SUGGESTIONS = [
    "Mong Công đoàn tổ chức lớp tập huấn vào cuối tuần để công nhân làm ca tham gia được.",
    "Đề nghị có tài liệu hướng dẫn phân loại rác bằng hình ảnh dán tại nhà ăn.",
    "Cần thông tin về các khóa học vận hành thiết bị tiết kiệm năng lượng.",
    "Hỗ trợ kinh phí học nghề cho người lớn tuổi khi dây chuyền thay đổi.",
    "",
]


def _answer(question: Question, rng: random.Random) -> Any:
    codes = question.option_codes()
    if question.kind == Question.Kind.SINGLE:
        weights = [len(codes) - i + 1 for i in range(len(codes))]  # the first options are the common ones
        return rng.choices(codes, weights=weights)[0]
    if question.kind == Question.Kind.MULTI:
        return rng.sample(codes, rng.randint(1, min(3, len(codes))))
    if question.kind == Question.Kind.SCALE:
        return str(rng.choices(codes, weights=[1, 2, 4, 3, 2])[0])
    if question.kind == Question.Kind.NUMBER:
        return str(rng.randint(0, 25))
    return rng.choice(SUGGESTIONS)


def load_demo_survey(root: Unit, seed: int = 2030) -> int:
    """Create the survey (when the open demo period exists) and its answers; returns how many."""
    period = Period.objects.filter(is_open=True).order_by("year", "half").first()
    admin = User.objects.filter(username=data.ADMIN_USERNAME).first()
    if period is None or admin is None:
        return 0
    survey = survey_create(actor=admin, unit=root, period=period)
    rng = random.Random(seed)
    today = datetime.date.today()
    units = list(Unit.objects.filter(subtree_q(root.path), kind__is_grassroots=True).active().order_by("path"))
    questions = list(survey.questions.all())
    with transaction.atomic():  # one commit, not one per answer
        return _answer_all(survey, rng, units, questions, today)


def _answer_all(survey: Survey, rng: random.Random, units: list[Unit], questions: list[Question],
                today: datetime.date) -> int:
    count = 0
    for unit in rng.sample(units, min(UNITS, len(units))):
        for _ in range(rng.randint(*ANSWERS)):
            answers: dict[str, Any] = {}
            for question in questions:  # in order, so the skip logic sees the earlier answers
                if question in visible_questions(questions, answers) and (question.required or rng.random() < 0.7):
                    answers[question.code] = _answer(question, rng)
            nonce = f"demo-{survey.pk}-{count:06d}-{rng.getrandbits(64):016x}"
            response_submit(survey=survey, unit=unit, answers=answers, nonce=nonce,
                            today=today - datetime.timedelta(days=rng.randint(0, 30)))
            count += 1
    return count
