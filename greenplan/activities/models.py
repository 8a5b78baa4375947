"""What units actually did to carry out their plan: activities, and the files that prove them.

An activity belongs to one unit and may point to an item of that unit's plan (the plan
current when it was recorded); the coverage of a superior's plan counts them per item.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenplan.lib.text import fold
from greenplan.orgs.models import Unit
from greenplan.plans.models import PlanItem


class Activity(models.Model):
    class Kind(models.TextChoices):
        PROPAGANDA = "propaganda", _("Tuyên truyền, phổ biến")
        TRAINING = "training", _("Tập huấn, bồi dưỡng")
        ENVIRONMENT_DAY = "environment_day", _("Ngày Môi trường thế giới (5/6)")
        TREE_PLANTING = "tree_planting", _("Trồng cây xanh")
        DIALOGUE = "dialogue", _("Đối thoại")
        INSPECTION = "inspection", _("Kiểm tra, giám sát")
        OTHER = "other", _("Khác")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="activities", verbose_name=_("đơn vị"))
    # SET_NULL: deleting an item from a draft plan must not fail nor take what was done with it.
    item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities",
        verbose_name=_("mục kế hoạch"),
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    findings = models.TextField(_("kết quả, phát hiện"), blank=True)
    start_on = models.DateField(_("ngày thực hiện"))
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    cost = models.BigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)
    trees = models.PositiveIntegerField(_("số cây trồng"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi")
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Folded title, content and findings: the list finds "trồng cây" from "trong cay".
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["unit", "-start_on"], name="activity_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["propaganda", "training", "environment_day", "tree_planting", "dialogue",
                                      "inspection", "other"]),
                name="activity_kind",
            ),
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                                   name="activity_dates"),
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gte=0), name="activity_cost_not_negative"),
            models.CheckConstraint(condition=Q(participants__isnull=True) | Q(participants__gte=0),
                                   name="activity_participants_not_negative"),
            models.CheckConstraint(condition=Q(trees__isnull=True) | Q(trees__gte=0),
                                   name="activity_trees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start_on}: {self.title[:60]}"

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.title} {self.description} {self.findings}")


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"activities/{instance.activity.unit.code}/{instance.activity_id}/{filename}"


class Evidence(models.Model):
    """A file that shows the activity happened: minutes, photos, attendance sheets."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=400)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("minh chứng")

    def __str__(self) -> str:
        return self.name
