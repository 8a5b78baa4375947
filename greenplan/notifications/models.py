from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app reminder; the same text also goes out by e-mail when the user has an address."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Sắp đến hạn nộp báo cáo")
        OVERDUE = "overdue", _("Quá hạn nộp báo cáo")
        RETURNED = "returned", _("Báo cáo bị trả lại")
        PENDING = "pending", _("Báo cáo chờ duyệt")
        APPROVED = "approved", _("Báo cáo đã được duyệt")
        ON_BEHALF = "on_behalf", _("Cấp trên nhập báo cáo thay đơn vị")
        EMULATION = "emulation", _("Thi đua, khen thưởng")
        PRACTICE = "practice", _("Mô hình hay")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=255, blank=True)
    # Makes periodic reminders safe to run twice: one notification per user and key.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_dedupe"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
