"""Emulation movements, their yearly scoring sheets, the units' entries, and the proposals to
commend or sanction that follow from the ranking.

Everything a province may change from one year to the next is data: the groups of criteria
and their maximum points, the evidence each criterion asks for, the conditions ("no fatal
occupational accident"), the award levels and their thresholds (91 and 96 points in Hướng dẫn
168/HD-TLĐ). The rules that read them live in greenplan.emulation.scoring.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenplan.activities.models import Activity
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Indicator, Report


class Movement(models.Model):
    """A movement such as "Xanh - Sạch - Đẹp, Bảo đảm an toàn, vệ sinh lao động"."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên phong trào"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("phong trào thi đua")

    def __str__(self) -> str:
        return self.name


class Sheet(models.Model):
    """The movement's scoring sheet of one year."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="sheets")
    year = models.PositiveSmallIntegerField(_("năm"))
    is_open = models.BooleanField(_("đang nhận đăng ký và chấm điểm"), default=True)

    class Meta:
        ordering = ["movement__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["movement", "year"], name="emulation_sheet_year")]
        verbose_name = _("bảng chấm điểm")

    def __str__(self) -> str:
        return f"{self.movement.code} {self.year}"


class CriterionGroup(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=10)
    title = models.CharField(_("nhóm tiêu chí"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="emulation_group_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=10)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0.01"))])
    evidence = models.CharField(_("minh chứng cần có"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="emulation_criterion_code"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="emulation_criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class Condition(models.Model):
    """A yes/no requirement such as "no fatal occupational accident in the year"."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="conditions")
    code = models.CharField(_("mã điều kiện"), max_length=20)
    text = models.CharField(_("điều kiện"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="emulation_condition_code")]

    def __str__(self) -> str:
        return self.text[:80]


class AwardLevel(models.Model):
    """An award a unit may be proposed for: a threshold on the verified score, the conditions
    it needs, and the units it is for (grassroots unions, or the levels above them)."""

    class AppliesTo(models.TextChoices):
        GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
        UPPER = "upper", _("Công đoàn cấp trên cơ sở")
        ALL = "all", _("Mọi cấp")

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="awards")
    code = models.CharField(_("mã"), max_length=40)
    name = models.CharField(_("hình thức khen thưởng"), max_length=300)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=6, decimal_places=2)
    applies_to = models.CharField(_("áp dụng cho"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL)
    conditions = models.ManyToManyField(Condition, blank=True, related_name="awards", verbose_name=_("điều kiện"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "-min_score", "order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="emulation_award_code"),
            models.CheckConstraint(condition=Q(min_score__gte=0), name="emulation_award_min_not_negative"),
            models.CheckConstraint(condition=Q(applies_to__in=["grassroots", "upper", "all"]),
                                   name="emulation_award_applies_to"),
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """A unit's registration in a year's movement, its self-scoring and the superior's check.

    draft (registered, self-scoring) → submitted (the superior verifies) → confirmed (locked);
    the superior may send a submitted entry back to draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự chấm")
        SUBMITTED = "submitted", _("Chờ cấp trên thẩm định")
        CONFIRMED = "confirmed", _("Đã thẩm định, khóa điểm")

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="emulation_entries")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Totals kept with the scores they sum (services write both), so a ranking reads one row per unit.
    self_total = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    verified_total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["sheet", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "unit"], name="emulation_entry_once"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted", "confirmed"]),
                                   name="emulation_entry_status"),
            models.CheckConstraint(condition=~Q(status="confirmed") | Q(verified_total__isnull=False),
                                   name="emulation_entry_confirmed_has_total"),
        ]
        verbose_name = _("đăng ký thi đua")

    def __str__(self) -> str:
        return f"{self.sheet} {self.unit.code}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Score(models.Model):
    """One criterion of one entry: the unit's points, and the superior's when they differ."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    self_points = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("giải trình"), blank=True)
    verified_points = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        ordering = ["entry", "criterion__group__order", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "criterion"], name="emulation_score_once"),
            models.CheckConstraint(condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                                   name="emulation_self_points_not_negative"),
            models.CheckConstraint(condition=Q(verified_points__isnull=True) | Q(verified_points__gte=0),
                                   name="emulation_verified_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.criterion.code}"


class ConditionAnswer(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="answers")
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="+")
    self_met = models.BooleanField(_("đơn vị tự đánh giá đạt"), null=True)
    verified_met = models.BooleanField(_("cấp trên xác nhận đạt"), null=True)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "condition"], name="emulation_answer_once")]

    def __str__(self) -> str:
        return f"{self.entry} {self.condition.code}"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    entry = instance.score.entry
    return f"emulation/{entry.sheet_id}/{entry.unit.code}/{instance.score.criterion_id}/{filename}"


class EvidenceFile(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=400)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["score", "id"]

    def __str__(self) -> str:
        return self.name


class EvidenceLink(models.Model):
    """A criterion's evidence that is already in the system: an activity of the unit, or a figure
    of one of its reports."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="links")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(activity__isnull=False, report__isnull=True, indicator__isnull=True)
                           | Q(activity__isnull=True, report__isnull=False, indicator__isnull=False)),
                name="emulation_link_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.activity_id or self.indicator_id}"


class Proposal(models.Model):
    """A superior's proposal to the province: commend a unit or a person at an award level, or
    sanction an employer that broke environmental or safety rules (with inspection findings)."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Đề nghị khen thưởng")
        SANCTION = "sanction", _("Kiến nghị xử lý vi phạm")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ tỉnh xem xét")
        APPROVED = "approved", _("Đã chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    sheet = models.ForeignKey(Sheet, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    proposer = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị đề nghị"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    award = models.ForeignKey(AwardLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("hình thức khen thưởng"))
    person_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    employer = models.CharField(_("người sử dụng lao động"), max_length=300, blank=True)
    reason = models.TextField(_("lý do"))
    findings = models.ManyToManyField(Activity, blank=True, related_name="+", verbose_name=_("kết quả kiểm tra"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của tỉnh"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["commendation", "sanction"]), name="emulation_proposal_kind"),
            models.CheckConstraint(condition=Q(status__in=["proposed", "approved", "rejected"]),
                                   name="emulation_proposal_status"),
            models.CheckConstraint(condition=~Q(kind="commendation") | Q(award__isnull=False),
                                   name="emulation_commendation_has_award"),
            models.CheckConstraint(condition=~Q(kind="sanction") | ~Q(employer=""),
                                   name="emulation_sanction_names_employer"),
        ]
        verbose_name = _("đề nghị khen thưởng, kiến nghị xử lý")

    def __str__(self) -> str:
        who = self.person_name or self.employer or self.unit.code
        return f"{self.get_kind_display()}: {who}"
