"""Six-monthly reporting: the indicator catalogue, periods, reports, their history and stored totals."""

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenplan.orgs.models import Unit, UnitKind
from greenplan.reporting.labels import period_label

INDICATOR_CODE_PATTERN = r"^[A-Z][A-Z0-9_]*$"
PERIOD_CODE_PATTERN = r"^[0-9]{4}H[12]$"


class CatalogueVersion(models.Model):
    """One row: a random token that names the current state of the indicator catalogue.

    Every process keeps the catalogues it has read under this token (reporting.values) and reads
    them again when the token differs. A fresh uuid per change, never a counter: a change that is
    rolled back and a different change after it must not share a name.
    """

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return str(self.token)

    @classmethod
    def renew(cls, using: str = "default") -> None:
        """Name a new state; called in the transaction of every write to the catalogue
        (greenplan.reporting.catalogue_version), so a rollback restores the old name too."""
        if not cls.objects.using(using).filter(pk=1).update(token=uuid.uuid4()):
            cls.objects.using(using).create(pk=1)

    @classmethod
    def current(cls) -> uuid.UUID | None:
        return cls.objects.filter(pk=1).values_list("token", flat=True).first()


class CatalogueQuerySet(models.QuerySet):
    """Bulk writes send no signals: they name a new catalogue state themselves.
    (`bulk_update` goes through `update`; `delete` sends the signals.)"""

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows:
            CatalogueVersion.renew(self.db)
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            CatalogueVersion.renew(self.db)
        return created


class Indicator(models.Model):
    class Type(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        PERCENT = "percent", _("Tỷ lệ phần trăm")
        YESNO = "yesno", _("Có/không")

    class OverTime(models.TextChoices):
        SUM = "sum", _("Cộng dồn các kỳ (số phát sinh)")
        LAST = "last", _("Lấy kỳ gần nhất (số tại thời điểm)")
        MAX = "max", _("Có nếu có ở bất kỳ kỳ nào")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng tổng")
        RATIO = "ratio", _("Tỷ lệ Σtử số / Σmẫu số")
        YES_COUNT = "yes_count", _("Số và tỷ lệ đơn vị trả lời có")
        MEAN = "mean", _("Trung bình của các đơn vị báo cáo")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    group = models.PositiveSmallIntegerField(_("nhóm nhiệm vụ"), default=0)
    plan_items = models.CharField(_("mục kế hoạch"), max_length=100, blank=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    type = models.CharField(_("kiểu"), max_length=10, choices=Type.choices)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=10, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("tử số")
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("mẫu số")
    )
    over_time = models.CharField(
        _("gộp các kỳ trong năm"), max_length=4, choices=OverTime.choices, default=OverTime.SUM
    )
    derived = models.BooleanField(_("tính tự động"), default=False)
    required = models.BooleanField(_("bắt buộc"), default=True)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=18, decimal_places=4, default=Decimal(0))
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=18, decimal_places=4, null=True, blank=True)
    reporting_kinds = models.ManyToManyField(
        UnitKind,
        blank=True,
        verbose_name=_("loại đơn vị phải báo cáo"),
        help_text=_("Để trống: mọi loại đơn vị đều báo cáo chỉ tiêu này."),
    )
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateField(_("ngừng sử dụng từ"), null=True, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=INDICATOR_CODE_PATTERN),
                name="indicator_code",
                violation_error_message=_(
                    "Mã chỉ tiêu chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(aggregation="ratio") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_parts",
                violation_error_message=_("Chỉ tiêu tỷ lệ cần chỉ rõ tử số và mẫu số."),
            ),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="indicator_value_range",
                violation_error_message=_("Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None or self.retired_at > datetime.date.today()


class ValidationRule(models.Model):
    """A comparison between two indicators of the same report, e.g. green ≤ total procurement."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="

    class Severity(models.TextChoices):
        ERROR = "error", _("Lỗi (chặn lưu)")
        WARNING = "warning", _("Cảnh báo")

    left = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rules")
    operator = models.CharField(max_length=2, choices=Operator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.ERROR)
    message = models.CharField(_("thông báo"), max_length=300)
    message_en = models.CharField(_("thông báo tiếng Anh"), max_length=300, blank=True)
    active = models.BooleanField(default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        constraints = [
            models.UniqueConstraint(
                fields=["left", "operator", "right"],
                name="rule_unique",
                violation_error_message=_("Quy tắc kiểm tra này đã có."),
            ),
            models.CheckConstraint(
                condition=~Q(left=F("right")),
                name="rule_two_indicators",
                violation_error_message=_("Quy tắc phải so sánh hai chỉ tiêu khác nhau."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left.code} {self.operator} {self.right.code}"


class Period(models.Model):
    code = models.CharField(_("mã kỳ"), max_length=6, unique=True)
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    cutoff = models.DateField(_("ngày chốt số liệu"))
    deadline = models.DateField(_("hạn nộp báo cáo"))
    is_open = models.BooleanField(_("đang mở"), default=False)

    class Meta:
        ordering = ["-year", "-half"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=PERIOD_CODE_PATTERN),
                name="period_code",
                violation_error_message=_("Mã kỳ báo cáo phải có dạng 2025H1, 2025H2 hoặc 2025."),
            ),
            models.CheckConstraint(
                condition=Q(half__in=[1, 2]),
                name="period_half",
                violation_error_message=_("Kỳ báo cáo là 6 tháng đầu năm (1) hoặc 6 tháng cuối năm (2)."),
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="period_range",
                violation_error_message=_("Ngày kết thúc kỳ phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("cutoff")),
                name="period_deadline",
                violation_error_message=_("Hạn nộp phải sau hoặc đúng ngày chốt số liệu."),
            ),
            models.UniqueConstraint(
                fields=["year", "half"], name="period_year_half", violation_error_message=_("Kỳ báo cáo này đã có.")
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return period_label(f"{self.year}H{self.half}")


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    results = models.TextField(_("kết quả nổi bật"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # The unit and its ancestors (ids) when the report first counted: roll-ups keep adding up
    # the way the report was filed after the tree is restructured.
    counted_in = models.JSONField(default=list, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_unit_period"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]), name="report_status"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period.code}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    # Indexed below with the report and the value: an ad-hoc breakdown reads one indicator's
    # values across a period's reports from the index alone (1.9 s → 0.9 s nationally).
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", db_index=False)
    value = models.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_report_indicator"),
        ]
        indexes = [models.Index(fields=["indicator", "report", "value"], name="value_indicator_report_value")]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class ReportEvent(models.Model):
    """One entry of a report's timeline: what changed, who, when, and the version it produced."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Lưu")
        SUBMITTED = "submitted", _("Gửi báo cáo")
        RETURNED = "returned", _("Trả lại")
        APPROVED = "approved", _("Duyệt")
        REOPENED = "reopened", _("Mở lại để sửa")
        ATTACHED = "attached", _("Đính kèm tệp")
        DETACHED = "detached", _("Xóa tệp đính kèm")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    # [{"field": CODE or narrative name, "old": str|None, "new": str|None}]
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["report", "version", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version} {self.kind}"


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    return f"reports/{instance.report.period.code}/{instance.report.unit.code}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ExpectedCount(models.Model):
    """How many units of a unit's subtree must report for a period — stored because counting
    them at national scale takes longer than the whole roll-up may. Only for units with
    children (a leaf expects itself or nobody, read from its own row); valid while
    `tree_version` equals orgs.TreeVersion's, recomputed on first read after the tree changed.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    tree_version = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="expectedcount_period_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id}: {self.count}"


class Rollup(models.Model):
    """Stored totals of every unit's subtree, kept exact in the transaction that changes a report.

    One row per (unit, period, scope): `period` is a half-year code ("2025H1") or a year ("2025");
    `scope` is "counted" (submitted and approved reports) or "approved" (approved only). `data`
    maps an indicator code to [sum as a decimal string, number of reports with a value].
    Written only by greenplan.reporting.rollup and .rebuild, read by analytics.
    """

    class Scope(models.TextChoices):
        COUNTED = "counted", "submitted+approved"
        APPROVED = "approved", "approved"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="rollups")
    period = models.CharField(max_length=6)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    reports = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    data = models.JSONField(default=dict)

    class Meta:
        # The table keeps the name it had when the model lived in analytics (migration reporting.0008).
        db_table = "analytics_rollup"
        constraints = [
            # "unique" files the message under the field (Model.validate_constraints).
            models.UniqueConstraint(fields=["unit", "period", "scope"], name="rollup_unit_period_scope"),
            models.CheckConstraint(condition=models.Q(reports__gte=0), name="rollup_reports_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.scope}"
