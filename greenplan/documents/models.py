"""What an officer changed in the drafted sections of a compiled report before downloading it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenplan.orgs.models import Unit


class ReportDraft(models.Model):
    """The edited text of a unit's compiled report for a half-year or a year, by section key
    ("summary", "group_1" … "group_8", "difficulties", "proposals", "next_tasks"). A section
    not stored here is drafted afresh from the figures on every download."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ"), max_length=6)  # "2026H1" or "2026"
    sections = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bản thảo báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="reportdraft_unit_period"),
            models.CheckConstraint(condition=models.Q(period__regex=r"^[0-9]{4}(H[12])?$"),
                                   name="reportdraft_period_code"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}"
