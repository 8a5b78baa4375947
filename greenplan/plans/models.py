"""Action plans that cascade: the province plan and every lower unit's plan that concretizes it.

A unit has one current plan (superseded_at is null); revising an issued plan keeps the issued
version and starts a new draft revision. Each item of a lower plan points to the item of its
direct superior's current plan that it concretizes (parent_item), or is the unit's own
initiative.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Indicator, Period

ITEM_CODE_PATTERN = r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$"
GROUP_CODE_PATTERN = r"^[0-9A-Za-z]+$"


def signed_pdf_path(instance: "Plan", filename: str) -> str:
    return f"plans/{instance.unit.code}/r{instance.revision}/{filename}"


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn thảo")
        ISSUED = "issued", _("Đã ban hành")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="plans", verbose_name=_("đơn vị"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    parent_plan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="child_plans",
        verbose_name=_("kế hoạch cấp trên"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_capacity = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True)  # "TM. BAN THƯỜNG VỤ"
    signed_pdf = models.FileField(_("bản ký (PDF)"), upload_to=signed_pdf_path, blank=True)
    revision = models.PositiveSmallIntegerField(_("lần sửa đổi"), default=1)
    previous_revision = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="next_revision",
        verbose_name=_("bản trước"),
    )
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    # The document's texts other than the items (part I, duties of each level, closing).
    intro = models.TextField(_("căn cứ, mở đầu"), blank=True)
    purposes = models.JSONField(_("mục đích"), default=list, blank=True)  # [{"code", "text"}]
    requirements = models.JSONField(_("yêu cầu"), default=list, blank=True)  # [{"code", "text"}]
    duties = models.JSONField(_("tổ chức thực hiện"), default=dict, blank=True)  # {level: {"title", "paragraphs"}}
    closing = models.TextField(_("kết luận"), blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch hành động")
        verbose_name_plural = _("kế hoạch hành động")
        ordering = ["unit", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(superseded_at__isnull=True), name="plan_one_current_per_unit"
            ),
            models.UniqueConstraint(fields=["unit", "revision"], name="plan_unit_revision"),
            models.CheckConstraint(condition=Q(status__in=["draft", "issued"]), name="plan_status"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(issued_on__isnull=False) & ~Q(number="")),
                name="plan_issued_has_number",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="plan_revision_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} r{self.revision}: {self.title}"

    @property
    def reference(self) -> str:
        """Number and symbol as written on the document, e.g. "12/KH-LĐLĐ"."""
        if not self.number:
            return ""
        return f"{self.number}/{self.symbol}" if self.symbol else self.number

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT and self.superseded_at is None


class PlanGroup(models.Model):
    """A task group ("1. Nhóm nhiệm vụ, giải pháp về lãnh đạo, chỉ đạo…")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=10)
    title = models.TextField(_("tên nhóm"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("nhóm nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plangroup_plan_code"),
            models.CheckConstraint(condition=Q(code__regex=GROUP_CODE_PATTERN), name="plangroup_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class PlanItem(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Hủy bỏ")

    activity_count: int  # not a column: the plan page counts the activities recorded under the item
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("mã mục"), max_length=20)
    group = models.ForeignKey(PlanGroup, on_delete=models.RESTRICT, related_name="items", verbose_name=_("nhóm"))
    title = models.CharField(_("tên ngắn"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)
    parent_item = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="concretizations",
        verbose_name=_("mục cấp trên được cụ thể hóa"),
    )
    own_initiative = models.BooleanField(_("sáng kiến của đơn vị"), default=False)
    lead = models.CharField(_("chủ trì"), max_length=200, blank=True)
    participants = models.TextField(_("phối hợp"), blank=True)
    start_on = models.DateField(_("từ ngày"), null=True, blank=True)
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    frequency = models.CharField(_("thời gian, tần suất"), max_length=200, blank=True)
    expected_output = models.TextField(_("sản phẩm dự kiến"), blank=True)
    status = models.CharField(_("tiến độ"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_note = models.TextField(_("ghi chú tiến độ"), blank=True)
    order = models.PositiveIntegerField(default=0)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="linked_plan_items", verbose_name=_("chỉ tiêu đo lường")
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("mục kế hoạch")
        verbose_name_plural = _("mục kế hoạch")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planitem_plan_code"),
            models.CheckConstraint(condition=Q(code__regex=ITEM_CODE_PATTERN), name="planitem_code"),
            models.CheckConstraint(
                condition=Q(own_initiative=False) | Q(parent_item__isnull=True),
                name="planitem_initiative_has_no_parent",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="planitem_dates",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done", "cancelled"]), name="planitem_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class PlanTarget(models.Model):
    """A number an item aims at, e.g. item 7.3: green procurement ≥ 35 %.

    Neither period nor year: the target holds for the whole plan (to 2030).
    """

    class Operator(models.TextChoices):
        GE = ">=", "≥"
        LE = "<=", "≤"
        EQ = "=", "="

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="plan_targets")
    operator = models.CharField(max_length=2, choices=Operator.choices, default=Operator.GE)
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=4)
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)

    class Meta:
        ordering = ["item", "indicator__code", "id"]
        verbose_name = _("chỉ tiêu phấn đấu")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="plantarget_value_not_negative"),
            models.CheckConstraint(condition=Q(operator__in=[">=", "<=", "="]), name="plantarget_operator"),
            models.CheckConstraint(
                condition=Q(period__isnull=True) | Q(year__isnull=True), name="plantarget_period_or_year"
            ),
            models.UniqueConstraint(
                fields=["item", "indicator"], condition=Q(period__isnull=True, year__isnull=True),
                name="plantarget_whole_plan",
            ),
            models.UniqueConstraint(
                fields=["item", "indicator", "period"], condition=Q(period__isnull=False), name="plantarget_period"
            ),
            models.UniqueConstraint(
                fields=["item", "indicator", "year"], condition=Q(year__isnull=False), name="plantarget_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.indicator.code} {self.get_operator_display()} {self.value}"

    @property
    def period_code(self) -> str | None:
        if self.period:
            return self.period.code
        return str(self.year) if self.year else None


class PlanEvent(models.Model):
    """Who changed what in a plan, and when (the plan's history)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo kế hoạch")
        COPIED = "copied", _("Tạo từ kế hoạch cấp trên")
        LOADED = "loaded", _("Nạp kế hoạch gốc")
        UPDATED = "updated", _("Sửa thông tin kế hoạch")
        ITEM_CREATED = "item_created", _("Thêm mục")
        ITEM_UPDATED = "item_updated", _("Sửa mục")
        ITEM_DELETED = "item_deleted", _("Xóa mục")
        PROGRESS = "progress", _("Cập nhật tiến độ")
        TARGET_SET = "target_set", _("Đặt chỉ tiêu")
        TARGET_REMOVED = "target_removed", _("Bỏ chỉ tiêu")
        ISSUED = "issued", _("Ban hành")
        REVISED = "revised", _("Tạo bản sửa đổi")
        SUPERSEDED = "superseded", _("Bị thay thế bởi bản sửa đổi")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    item_code = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    # [{"field": name, "old": str|None, "new": str|None}]
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.item_code}"
