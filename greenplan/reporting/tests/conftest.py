import datetime

import pytest

from greenplan.reporting.models import Indicator, Period


@pytest.fixture
def period(db):
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 15), deadline=datetime.date(2026, 7, 15), is_open=True,
    )


@pytest.fixture
def previous_period(db):
    return Period.objects.create(
        code="2025H2", year=2025, half=2, start=datetime.date(2025, 7, 1), end=datetime.date(2025, 12, 31),
        cutoff=datetime.date(2025, 12, 15), deadline=datetime.date(2026, 1, 15), is_open=False,
    )


def full_values(**overrides):
    """A value for every required indicator, consistent with every rule."""
    values = {ind.code: 0 for ind in Indicator.objects.filter(derived=False, required=True)}
    values.update({"MEMBERS": 120, "WORKERS": 150, "G7_PROCUREMENT_TOTAL": 100, "G7_PROCUREMENT_GREEN": 40})
    values.update(overrides)
    return values
