"""Addresses of the report pages. Notifications and e-mails store them, so they are built in
one place, from the URL patterns (`reporting:report`, `overview:unit`)."""

from django.urls import reverse

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period


def report_url(unit: Unit, period: Period, anchor: str = "") -> str:
    """/reports/<unit>/<period>/, with `#anchor` when given."""
    url = reverse("reporting:report", args=[unit.code, period.code])
    return f"{url}#{anchor}" if anchor else url


def overview_url(unit: Unit, period: Period) -> str:
    """/overview/<unit>/<period>/: a superior's view of its subordinates' reports."""
    return reverse("overview:unit", args=[unit.code, period.code])
