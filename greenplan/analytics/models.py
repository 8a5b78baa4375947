"""The classification settings: criteria and bands (the stored totals are reporting.Rollup)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenplan.reporting.models import Indicator

MAX_POINTS = 1000


# --- Overall classification of a unit's results (issue #5) ------------------------------------
# The province sets the criteria and bands without code: the emulation rules' points and
# thresholds are unconfirmed, so they are data (see greenplan/analytics/classification.py).


class ClassificationCriterion(models.Model):
    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Chỉ tiêu đạt ngưỡng")
        ON_TIME = "on_time", _("Đơn vị gửi báo cáo đúng hạn")
        COMPLETENESS = "completeness", _("Tỷ lệ báo cáo đã gửi đạt ngưỡng")

    class Operator(models.TextChoices):
        GE = ">=", "≥"
        LE = "<=", "≤"

    name = models.CharField(_("tên tiêu chí"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    kind = models.CharField(_("loại tiêu chí"), max_length=12, choices=Kind.choices, default=Kind.INDICATOR)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ tiêu")
    )
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices, default=Operator.GE)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=18, decimal_places=4, null=True, blank=True)
    points = models.IntegerField(
        _("điểm"), validators=[MinValueValidator(0, _("Điểm không được âm.")),
                               MaxValueValidator(MAX_POINTS, _("Điểm của một tiêu chí tối đa là 1000."))]
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tiêu chí xếp loại")
        verbose_name_plural = _("tiêu chí xếp loại")
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=MAX_POINTS),
                name="criterion_points_range",
                violation_error_message=_("Điểm phải từ 0 đến 1000."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["indicator", "on_time", "completeness"]) & Q(operator__in=[">=", "<="]),
                name="criterion_kind_operator",
                violation_error_message=_("Loại tiêu chí hoặc phép so sánh không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="indicator") | (Q(indicator__isnull=False) & Q(threshold__isnull=False)),
                name="criterion_indicator_complete",
                violation_error_message=_("Tiêu chí chỉ tiêu cần chỉ tiêu và ngưỡng."),
            ),
            models.CheckConstraint(
                condition=Q(kind="indicator") | Q(indicator__isnull=True),
                name="criterion_indicator_only_when_compared",
                violation_error_message=_("Chỉ tiêu chỉ dùng cho tiêu chí loại “chỉ tiêu đạt ngưỡng”."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="completeness")
                | (Q(threshold__isnull=False) & Q(threshold__gte=0) & Q(threshold__lte=100)),
                name="criterion_completeness_percent",
                # Django formats constraint messages with %(name)s, hence "%%".
                violation_error_message=_("Tỷ lệ báo cáo tối thiểu phải từ 0 đến 100 %%."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="on_time") | Q(threshold__isnull=True),
                name="criterion_on_time_no_threshold",
                violation_error_message=_("Tiêu chí gửi báo cáo đúng hạn không có ngưỡng."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The same facts as the constraints, said on the field the administrator has to fix."""
        errors = {}
        if self.kind == self.Kind.INDICATOR:
            if self.indicator_id is None:
                errors["indicator"] = _("Hãy chọn chỉ tiêu để so sánh.")
            if self.threshold is None:
                errors["threshold"] = _("Hãy nhập ngưỡng để so sánh với chỉ tiêu.")
        elif self.indicator_id is not None:
            errors["indicator"] = _("Chỉ tiêu chỉ dùng cho tiêu chí loại “chỉ tiêu đạt ngưỡng”.")
        if self.kind == self.Kind.COMPLETENESS:
            if self.threshold is None:
                errors["threshold"] = _("Hãy nhập tỷ lệ báo cáo tối thiểu (%).")
            elif not 0 <= self.threshold <= 100:
                errors["threshold"] = _("Tỷ lệ báo cáo tối thiểu phải từ 0 đến 100 %.")
        if self.kind == self.Kind.ON_TIME and self.threshold is not None:
            errors["threshold"] = _("Tiêu chí gửi báo cáo đúng hạn không có ngưỡng.")
        if errors:
            raise ValidationError(errors)


class ClassificationBand(models.Model):
    """A class such as "Xuất sắc": a unit gets the band with the highest minimum its score reaches."""

    class Colour(models.TextChoices):
        SUCCESS = "success", _("Xanh lá")
        PRIMARY = "primary", _("Xanh dương")
        INFO = "info", _("Xanh nhạt")
        WARNING = "warning", _("Vàng")
        DANGER = "danger", _("Đỏ")
        SECONDARY = "secondary", _("Xám")

    label = models.CharField(_("tên mức xếp loại"), max_length=60)
    label_en = models.CharField(_("tên tiếng Anh"), max_length=60, blank=True)
    # One decimal, the precision the score is shown and compared with.
    min_score = models.DecimalField(_("điểm tối thiểu (%)"), max_digits=4, decimal_places=1)
    colour = models.CharField(_("màu"), max_length=10, choices=Colour.choices, default=Colour.SECONDARY)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "-min_score"]
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        constraints = [
            models.UniqueConstraint(
                fields=["min_score"], name="band_unique_min_score", violation_error_code="unique",
                violation_error_message=_("Đã có mức xếp loại với điểm tối thiểu này."),
            ),
            models.UniqueConstraint(
                fields=["label"], name="band_unique_label", violation_error_code="unique",
                violation_error_message=_("Đã có mức xếp loại với tên này."),
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=100),
                name="band_min_score_percent",
                violation_error_message=_("Điểm tối thiểu phải từ 0 đến 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(colour__in=["success", "primary", "info", "warning", "danger", "secondary"]),
                name="band_colour",
                violation_error_message=_("Màu không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.min_score is not None and not 0 <= self.min_score <= 100:
            raise ValidationError({"min_score": _("Điểm tối thiểu phải từ 0 đến 100 %.")})
