"""Questionnaires the province defines, and the anonymous answers of workers.

An answer is stored one row per (response, question, chosen option) in `Answer`, with the
survey and the unit copied onto the row (exports, free text, recounts), and counted per unit
in `UnitTally` and `OptionTally` in the same transaction, so the results of any subtree are one
SUM … GROUP BY over its units' tallies in SQL, never a pass over 100,000 responses. Nothing in a
response names the worker: no account, no name, no IP address; only the unit, the day and a
random form token that stops a double tap from storing the same answer twice.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period

CODE_MAX = 40
TEXT_MAX = 500  # one free-text answer


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị tổ chức"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("kỳ báo cáo"))
    title = models.CharField(_("tiêu đề"), max_length=200)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=200, blank=True)
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    intro_en = models.TextField(_("lời giới thiệu tiếng Anh"), blank=True)
    is_open = models.BooleanField(_("đang nhận trả lời"), default=True)
    # Part of every link's signature: changing it retires all the survey's links at once.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    # The answer that counts a worker as wanting green-skill training (G4_TRAINING_DEMAND).
    training_question = models.CharField(max_length=CODE_MAX, blank=True)
    training_options = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period__year", "-period__half", "-pk"]
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = _("phiếu khảo sát")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Chọn một")
        MULTI = "multi", _("Chọn nhiều")
        NUMBER = "number", _("Số")
        TEXT = "text", _("Trả lời ngắn")
        SCALE = "scale", _("Thang điểm 1–5")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("mã câu hỏi"), max_length=CODE_MAX)
    text = models.CharField(_("câu hỏi"), max_length=300)
    text_en = models.CharField(_("câu hỏi tiếng Anh"), max_length=300, blank=True)
    help = models.CharField(_("gợi ý"), max_length=300, blank=True)
    help_en = models.CharField(_("gợi ý tiếng Anh"), max_length=300, blank=True)
    kind = models.CharField(_("loại câu hỏi"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("bắt buộc"), default=False)
    # [{"code": "yes", "text": "Có", "text_en": "Yes"}, …] for single and multiple choice.
    options = models.JSONField(default=list, blank=True)
    min_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Skip logic: the question is asked only when the answer to `show_if` (an earlier question)
    # includes one of `show_if_options`.
    show_if = models.CharField(max_length=CODE_MAX, blank=True)
    show_if_options = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    def option_codes(self) -> list[str]:
        if self.kind == self.Kind.SCALE:
            return [str(n) for n in range(1, 6)]
        return [str(o["code"]) for o in self.options]


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    submitted_on = models.DateField()
    nonce = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "nonce"], name="survey_response_nonce"),
        ]
        indexes = [models.Index(fields=["survey", "unit"], name="survey_response_unit")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.CharField(max_length=CODE_MAX, blank=True)  # choice and scale answers
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)  # number, scale
    text = models.CharField(max_length=TEXT_MAX, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(option="") | Q(number__isnull=False) | ~Q(text=""), name="survey_answer_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["survey", "question", "unit"], name="survey_answer_question")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class UnitTally(models.Model):
    """Responses of one unit to a survey: kept in step by response_submit, so a subtree's count
    is a sum over its units, not a count over every response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    responses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "unit"], name="survey_unit_tally")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}: {self.responses}"


class OptionTally(models.Model):
    """Answers of one unit per (question, option): how many, and the sum of their numbers (for
    the means). A number question counts under the option "". Written with the answers, in the
    same transaction; `survey_tallies_rebuild` recomputes them from the answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.CharField(max_length=CODE_MAX, blank=True)
    answers = models.PositiveIntegerField(default=0)
    numbers = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "unit", "question", "option"], name="survey_option_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}/{self.question_id}/{self.option}: {self.answers}"


class SubmitCount(models.Model):
    """Answers sent by one client (a keyed hash of its address) in one rate-limit window.

    In the database, not in a per-process cache, so every app process counts against one limit
    (greenplan.survey.throttle). Linked to no response, and a row is deleted once its window
    has passed, so it cannot tie an answer to an address.
    """

    client = models.CharField(max_length=64)
    window = models.BigIntegerField()
    submits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window"], name="survey_submit_count_window")]
        indexes = [models.Index(fields=["window"], name="survey_submit_count_age")]

    def __str__(self) -> str:
        return f"{self.window}: {self.submits}"
