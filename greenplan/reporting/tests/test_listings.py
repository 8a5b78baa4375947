import datetime

from greenplan.reporting.models import Indicator
from greenplan.reporting.selectors import indicators_listed, periods_listed


def test_indicators_listed_leaves_out_retired_ones_unless_asked(tree):
    Indicator.objects.filter(code="G3_MEDIA").update(retired_at=datetime.date(2024, 1, 1))
    Indicator.objects.filter(code="G3_EVENTS").update(retired_at=datetime.date.today() + datetime.timedelta(days=1))
    active = [i.code for i in indicators_listed()]
    assert "G3_MEDIA" not in active and "G3_EVENTS" in active
    assert len(indicators_listed(include_retired=True)) == len(active) + 1
    assert active[:2] == ["MEMBERS", "WORKERS"]


def test_periods_listed_newest_first(period, previous_period):
    assert [p.code for p in periods_listed()] == ["2026H1", "2025H2"]
