"""Stored totals of every unit's subtree, kept exact in the transaction that changes a report.

One row per (unit, period, scope): `period` is a half-year code ("2025H1") or a year ("2025");
`scope` is "counted" (submitted and approved reports) or "approved" (approved only). `data`
maps an indicator code to [sum as a decimal string, number of reports with a value].
"""

from django.db import models

from greenplan.orgs.models import Unit


class Rollup(models.Model):
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
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "scope"], name="rollup_unit_period_scope"),
            models.CheckConstraint(condition=models.Q(reports__gte=0), name="rollup_reports_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.scope}"
