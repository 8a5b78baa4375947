"""The data-entry page applies the same value rules as the API (one rule in values.py)."""

import pytest

from greenplan.reporting.models import Report
from greenplan.reporting.services import report_save, stored_values

URL = "/reports/HP-A-01/2026H1/"


@pytest.mark.parametrize(
    "code, typed",
    [
        ("G3_SESSIONS", "１２"),
        ("G3_SESSIONS", "١٢"),
        ("G3_SESSIONS", "1e3"),
        ("G3_SESSIONS", "1_000"),
        ("G5_INITIATIVE_VALUE", "99.999.999.999.999,99"),
        ("G7_UNION_SPENDING", "12345678901234,5678"),
    ],
)
def test_the_page_refuses_what_the_api_refuses(client, tree, period, code, typed):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_MEDIA": 1})
    client.force_login(tree.users.reporter_a1)
    r = client.post(URL, {"version": 1, code: typed}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert f'id="fb-{code}"' in r.content.decode()
    report = Report.objects.get()
    assert report.version == 1 and stored_values(report) == {"G3_MEDIA": 1}
