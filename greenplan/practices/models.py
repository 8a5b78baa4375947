"""The good-practices library (seed item 3.5): models worth copying, proposed by a unit,
reviewed by a unit above it, then readable by everyone signed in.

A practice is proposed (or proposed again after a return), returned with a comment, or
published; a published practice is never edited again. `search_text` holds the folded title,
content and unit name (greenplan.lib.text.fold), so a search typed with or without diacritics
is one `LIKE` on both databases.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period


class Practice(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        PUBLISHED = "published", _("Đã giới thiệu")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="practices", verbose_name=_("đơn vị"))
    group = models.PositiveSmallIntegerField(_("nhóm nhiệm vụ"))
    title = models.CharField(_("tên mô hình"), max_length=300)
    done = models.TextField(_("cách làm"))
    results = models.TextField(_("kết quả"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    search_text = models.TextField(editable=False, default="")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("đề xuất lúc"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    published_at = models.DateTimeField(_("giới thiệu lúc"), null=True, blank=True)
    # The half-year whose report counts it in G3_MODELS_SHARED (None: no period covers that day).
    published_period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mô hình hay")
        verbose_name_plural = _("mô hình hay")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="practice_status_published")]
        constraints = [
            models.CheckConstraint(condition=Q(group__gte=1, group__lte=8), name="practice_group_1_8"),
            models.CheckConstraint(condition=Q(status__in=["proposed", "returned", "published"]),
                                   name="practice_status"),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="practice_published_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.title[:60]}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def practice_file_path(instance: "PracticeFile", filename: str) -> str:
    return f"practices/{instance.practice_id}/{filename}"


class PracticeFile(models.Model):
    """A document or a photo of the practice; photos carry a small JPEG thumbnail."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=practice_file_path, max_length=400)
    thumbnail = models.FileField(upload_to=practice_file_path, max_length=400, blank=True)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice", "id"]
        verbose_name = _("tệp của mô hình")

    def __str__(self) -> str:
        return self.name

    @property
    def is_photo(self) -> bool:
        return bool(self.thumbnail)
