"""The dashboard's tables as .csv and .xlsx: Vietnamese headers, the same numbers as the page."""

import pytest

from greenplan.analytics.selectors import aggregate
from greenplan.reporting.models import Period
from greenplan.testing.downloads import number, read_csv, read_xlsx

URL = "/dashboard/HP/2026H1/"


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.fixture
def filled(dashboard_reports):
    """The dashboard's scenario (greenplan/testing/fixtures.py)."""
    return dashboard_reports


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_indicator_table_exports_the_aggregate(client, filled, fmt):  # noqa: F811
    Period.objects.update(is_open=False)  # the previous period's column is filled for two closed periods
    response = get(client, filled.users.admin, URL, format=fmt, table="indicators")
    assert response.status_code == 200
    assert f'filename="HP-2026H1-indicators-counted.{fmt}"' in response["Content-Disposition"]
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    assert list(rows[0][:4]) == ["Nhóm", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"]
    assert rows[0][4] == "Kỳ 2026H1" and rows[0][5] == "Kỳ 2025H2"
    agg, prev = aggregate(filled.root, "2026H1"), aggregate(filled.root, "2025H2")
    by_code = {row[1]: row for row in rows[1:]}
    assert set(by_code) == set(agg.values)
    for code, value in agg.values.items():
        assert number(by_code[code][4]) == value, code
        assert number(by_code[code][5]) == prev.values[code], code
    assert all(row[2] for row in rows[1:])  # every indicator named
    if fmt == "xlsx":
        assert isinstance(by_code["MEMBERS"][4], int) and isinstance(by_code["G7_GREEN_PROCUREMENT_RATE"][4], float)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_subordinate_table_exports_the_ranking(client, filled, fmt, settings):  # noqa: F811
    settings.RANKING_MIN_REPORTED_PCT = 0  # ranks every unit with a value
    response = get(client, filled.users.admin, URL, format=fmt, table="units", indicator="MEMBERS", status="approved")
    assert f'filename="HP-2026H1-MEMBERS-approved.{fmt}"' in response["Content-Disposition"]
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    assert list(rows[0][:3]) == ["Hạng", "Mã đơn vị", "Tên đơn vị"]
    assert rows[0][4] == "So với mục tiêu"
    body = [[number(c) if i in (0, 3, 5, 6, 7, 8) else c for i, c in enumerate(row)] for row in rows[1:]]
    a = aggregate(filled.a, "2026H1", approved_only=True)
    assert body[0][:2] == [1, "HP-A"] and body[0][3] == a.values["MEMBERS"] == 120
    assert body[0][4] in ("", None)  # no plan sets a target on the number of members
    assert body[0][5:9] == [a.expected, a.submitted, a.approved, a.on_time]
    assert body[1][:2] == [None, "HP-B"]  # nothing approved there yet: no value, no rank


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_subordinate_table_says_who_meets_the_plan_target(client, filled, fmt):  # noqa: F811
    response = get(client, filled.users.admin, URL, format=fmt, table="units", indicator="G7_GREEN_PROCUREMENT_RATE")
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    status = {row[1]: row[4] for row in rows[1:]}
    expected = {}
    for unit in (filled.a, filled.b):
        rate = aggregate(unit, "2026H1").values["G7_GREEN_PROCUREMENT_RATE"]
        expected[unit.code] = "Chưa có số liệu" if rate is None else "Đạt" if rate >= 35 else "Chưa đạt"
    assert status == expected


def test_exports_need_the_same_access_as_the_page(client, filled):  # noqa: F811
    assert get(client, filled.users.approver_a, URL, format="csv").status_code == 403
    assert get(client, filled.users.approver_a, "/dashboard/HP-A/2026H1/", format="xlsx").status_code == 200
