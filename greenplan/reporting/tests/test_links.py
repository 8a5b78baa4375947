from greenplan.orgs.models import Unit
from greenplan.reporting.links import overview_url, report_url
from greenplan.reporting.models import Period


def test_a_report_lives_at_its_unit_and_period():
    assert report_url(Unit(code="HP-A-01"), Period(code="2026H1")) == "/reports/HP-A-01/2026H1/"


def test_a_report_link_can_point_into_the_page():
    assert report_url(Unit(code="HP"), Period(code="2026H2"), "attachments") == "/reports/HP/2026H2/#attachments"


def test_a_superior_overview_lives_at_its_unit_and_period():
    assert overview_url(Unit(code="HP"), Period(code="2026H1")) == "/overview/HP/2026H1/"
