import datetime

import pytest

from greenplan.plans.models import PlanItem
from greenplan.plans.tests.conftest import cascade, province_plan  # noqa: F401  (fixtures reused)

LAST_MONTH = datetime.date.today() - datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def a1_item(cascade) -> PlanItem:  # noqa: F811  (the imported fixture)
    """Item 1.1 of HP-A-01's plan (which concretizes HP-A's 1.1, which concretizes HP's)."""
    _hp, _a, a1 = cascade
    return a1.items.get(code="1.1")


def activity_data(**changes):
    data = {"kind": "tree_planting", "title": "Trồng cây xanh tại khuôn viên", "start_on": LAST_MONTH,
            "participants": 35, "cost": 4_500_000, "description": "Trồng 40 cây sao đen."}
    data.update(changes)
    return data
