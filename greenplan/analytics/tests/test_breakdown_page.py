"""The breakdown page: access, the table and chart data, the defaults, the downloads."""

import csv
import io

import pytest
from openpyxl import load_workbook

URL = "/dashboard/HP/2026H1/breakdown/"


@pytest.fixture
def filled(breakdown_reports):
    """The breakdown's scenario (greenplan/testing/fixtures.py)."""
    return breakdown_reports


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("admin", URL, 200),
        ("admin", "/dashboard/HP/2026/breakdown/", 200),
        ("approver_a", "/dashboard/HP-A/2026H1/breakdown/", 200),
        ("approver_a", URL, 403),
        ("approver_a", "/dashboard/HP-B/2026H1/breakdown/", 403),
        ("viewer_b", "/dashboard/HP-B/2026H1/breakdown/", 200),
        ("viewer_b", "/dashboard/HP-A/2026H1/breakdown/", 403),
        ("reporter_a1", "/dashboard/HP-A-02/2026H1/breakdown/", 403),
        ("outsider", URL, 403),
        ("admin", "/dashboard/NOPE/2026H1/breakdown/", 404),
        ("admin", "/dashboard/HP/2031H1/breakdown/", 404),
        ("admin", "/dashboard/HP/garbage/breakdown/", 404),
    ],
)
def test_permission_matrix(client, tree, period, user, url, status):
    assert get(client, getattr(tree.users, user), url).status_code == status


def test_anonymous_is_sent_to_log_in(client, tree, period):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_refusal_also_covers_the_downloads(client, tree, period):
    assert get(client, tree.users.approver_a, URL, format="xlsx").status_code == 403


@pytest.mark.usefixtures("filled")
def test_defaults_are_sector_by_ownership_with_members_workers_and_green_procurement(client, tree):
    response = get(client, tree.users.admin)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.by == ("sector", "ownership")
    assert [i.code for i in result.indicators] == ["MEMBERS", "WORKERS", "G7_GREEN_PROCUREMENT_RATE"]
    html = response.content.decode()
    assert 'data-testid="breakdown-row" data-key="education|public_service"' in html
    assert 'data-key="-|-"' in html and "Chưa phân loại" in html


@pytest.mark.usefixtures("filled")
def test_the_table_shows_vietnamese_numbers_and_yes_shares(client, tree):
    response = get(client, tree.users.admin, by=["kind", ""], indicators=["MEMBERS", "G1_FOCAL",
                                                                          "G7_GREEN_PROCUREMENT_RATE"])
    rows = {tuple(g.code for g in r["groups"]): r for r in response.context["rows"]}
    # grassroots: members 120 + 40 + 80; focal officer yes in a1 and b1 of 3; green (40+10+5)/(100+60+50)
    assert rows[("grassroots",)]["cells"] == ["240", "2 (66,67%)", "26,19"]
    assert response.context["total"]["cells"][0] == "250"
    labels = response.context["chart"]["labels"]
    assert len(labels) == 3 and all(len(label) == 1 for label in labels)
    kinds = [r.groups[0].code for r in response.context["result"].rows]
    assert response.context["chart"]["values"][kinds.index("grassroots")] == 240.0


@pytest.mark.usefixtures("filled")
def test_the_chart_follows_the_chosen_indicator(client, tree):
    response = get(client, tree.users.admin, by="kind", indicators="MEMBERS,G3_SESSIONS", chart="G3_SESSIONS")
    assert response.context["chart_indicator"].code == "G3_SESSIONS"
    kinds = [r.groups[0].code for r in response.context["result"].rows]
    assert response.context["chart"]["values"][kinds.index("grassroots")] == 4 + 2 + 7


@pytest.mark.usefixtures("filled")
def test_an_unknown_dimension_or_indicator_is_explained(client, tree):
    response = get(client, tree.users.admin, by="colour")
    assert response.status_code == 400
    assert "Không có chiều phân tích colour" in response.content.decode()
    response = get(client, tree.users.admin, indicators="NOPE")
    assert response.status_code == 400 and "Không có chỉ tiêu NOPE" in response.content.decode()
    response = get(client, tree.users.admin, by=["sector", "sector"])
    assert response.status_code == 400


@pytest.mark.usefixtures("filled")
def test_csv_and_xlsx_hold_the_same_numbers_as_numbers(client, tree):
    params = {"by": "sector", "indicators": "MEMBERS,G1_FOCAL"}
    response = get(client, tree.users.admin, **params, format="csv")
    assert response["Content-Disposition"] == 'attachment; filename="HP-2026H1-breakdown-sector-counted.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Ngành, lĩnh vực", "Số đơn vị phải báo cáo", "Số báo cáo được tính"]
    assert rows[1] == ["Giáo dục - Đào tạo", "2", "2", "120", "1", "50"]  # a2 and b1
    assert rows[-1][0] == "Tổng cộng" and rows[-1][3] == "250"
    response = get(client, tree.users.admin, **params, format="xlsx", status="approved")
    assert response["Content-Disposition"].endswith('breakdown-sector-approved.xlsx"')
    sheet = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sheet[-1][:4] == ("Tổng cộng", 5, 0, None)


@pytest.mark.usefixtures("filled")
def test_a_year_is_offered_and_computed(client, tree):
    response = get(client, tree.users.admin, "/dashboard/HP/2026/breakdown/", by="kind", indicators="G3_SESSIONS")
    assert response.context["code"] == "2026"
    assert response.context["total"]["cells"] == ["16"]
    assert ("2026", "Năm 2026") in response.context["period_options"]
