import pytest

from greenplan.plans.models import PlanItem


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def a1_item(cascade) -> PlanItem:
    """Item 1.1 of HP-A-01's plan (which concretizes HP-A's 1.1, which concretizes HP's)."""
    _hp, _a, a1 = cascade
    return a1.items.get(code="1.1")
