"""The API's tables as files: the same exporters as the pages, figures equal to the JSON."""

import pytest

from greenplan.testing.downloads import number, read_csv, read_xlsx


def rows_of(response, fmt):
    return read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_breakdown_table_equals_the_json(client, tree, breakdown_reports, bearer, fmt):
    headers = bearer(tree.users.admin)
    params = {"by": "sector", "indicators": "MEMBERS,G7_GREEN_PROCUREMENT_RATE"}
    body = client.get("/api/v1/breakdowns/HP/2026H1", params, headers=headers).json()
    response = client.get(f"/api/v1/breakdowns/HP/2026H1/table.{fmt}", params, headers=headers)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="HP-2026H1-breakdown-sector-counted.{fmt}"'
    rows = rows_of(response, fmt)
    assert rows[0][:3] == ["Ngành, lĩnh vực", "Số đơn vị phải báo cáo", "Số báo cáo được tính"]
    for line, row in zip(rows[1:], [*body["rows"], body["total"]], strict=True):
        assert line[0] == (row["groups"][0]["label"] if row["groups"] else "Tổng cộng")
        assert [number(line[1]), number(line[2])] == [row["expected"], row["reports"]]
        assert number(line[3]) == number(row["values"]["MEMBERS"])
        assert number(line[4]) == number(row["values"]["G7_GREEN_PROCUREMENT_RATE"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_totals_by_subordinate_equal_each_aggregate(client, tree, dashboard_reports, bearer, fmt):
    headers = bearer(tree.users.admin)
    response = client.get(f"/api/v1/aggregates/HP/2026H1/subordinates.{fmt}", {"status": "approved"},
                          headers=headers)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="HP-2026H1-subordinates-approved.{fmt}"'
    rows = rows_of(response, fmt)
    codes = [h.rsplit("[", 1)[1].rstrip("]") for h in rows[0][6:]]
    assert [r[0] for r in rows[1:]] == ["HP-A", "HP-B"]
    for line in rows[1:]:
        agg = client.get(f"/api/v1/aggregates/{line[0]}/2026H1", {"status": "approved"}, headers=headers).json()
        assert [number(c) for c in line[2:6]] == [agg["completeness"][k] for k in ("expected", "submitted",
                                                                                   "approved", "on_time")]
        assert set(codes) == set(agg["values"])
        for code, cell in zip(codes, line[6:], strict=True):
            assert number(cell) == number(agg["values"][code]), (line[0], code)


def test_the_dashboard_offers_the_same_file(client, tree, dashboard_reports, bearer):
    client.force_login(tree.users.admin)
    page = client.get("/dashboard/HP/2026H1/", {"table": "subordinates", "format": "csv"})
    api = client.get("/api/v1/aggregates/HP/2026H1/subordinates.csv", headers=bearer(tree.users.admin))
    assert page.content == api.content
    html = client.get("/dashboard/HP/2026H1/").content.decode()
    assert 'data-testid="export-subordinates-xlsx"' in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_coverage_file_equals_the_json(client, tree, cascade, bearer, fmt):
    headers = bearer(tree.users.admin)
    body = client.get("/api/v1/plans/HP/coverage", headers=headers).json()
    response = client.get(f"/api/v1/plans/HP/coverage.{fmt}", headers=headers)
    assert response.status_code == 200
    rows = rows_of(response, fmt)
    assert [r[0] for r in rows[1:-1]] == [u["code"] for u in body["units"]]
    for line, unit in zip(rows[1:-1], body["units"], strict=True):
        if unit["has_plan"]:
            assert number(line[3]) == unit["concretized"]
        for n, item in enumerate(body["items"]):
            assert bool(line[5 + n]) == unit["cells"][item["code"]]["concretized"]
    assert [number(c) for c in rows[-1][5:]] == [item["concretized"] for item in body["items"]]


@pytest.mark.parametrize("path", [
    "/api/v1/breakdowns/HP/2026H1/table.csv",
    "/api/v1/aggregates/HP/2026H1/subordinates.xlsx",
    "/api/v1/plans/HP/coverage.csv",
])
def test_the_files_are_refused_outside_the_scope(client, tree, cascade, period, bearer, path):
    response = client.get(path, headers=bearer(tree.users.approver_a))
    assert response.status_code == 403 and "detail" in response.json()
    assert client.get(path).status_code == 401


def test_an_unknown_format_or_period_answers_json(client, tree, cascade, period, bearer):
    headers = bearer(tree.users.admin)
    response = client.get("/api/v1/aggregates/HP/2026H1/subordinates.pdf", headers=bearer(tree.users.admin))
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/aggregates/HP/2031H1/subordinates.csv", headers=headers).status_code == 404
    assert client.get("/api/v1/breakdowns/HP/2031/table.xlsx", headers=headers).status_code == 404
    assert client.get("/api/v1/plans/HP-B/coverage.csv", headers=headers).status_code == 404  # no plan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_classification_table_equals_the_json(client, tree, dashboard_reports, bearer, fmt):
    headers = bearer(tree.users.admin)
    body = client.get("/api/v1/classifications/HP/2026H1", headers=headers).json()
    response = client.get(f"/api/v1/classifications/hp/2026h1/table.{fmt}", headers=headers)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="HP-2026H1-classification-counted.{fmt}"'
    rows = rows_of(response, fmt)
    units = [body["unit"], *body["subordinates"]]
    assert rows[0][:6] == ["Mã đơn vị", "Tên đơn vị", "Điểm xếp loại (%)", "Số điểm đạt", "Số điểm áp dụng", "Xếp loại"]
    assert rows[0][6:] == [f"{c['name']} ({c['points']})" for c in body["unit"]["criteria"]]
    assert body["unit"]["criteria"]  # the default criteria of the migration
    labels = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}
    assert [r[0] for r in rows[1:]] == [u["unit"] for u in units]
    for line, unit in zip(rows[1:], units, strict=True):
        assert number(line[2]) == number(unit["score"])
        assert [number(line[3]), number(line[4])] == [unit["earned"], unit["applicable"]]
        assert (line[5] or None) == (unit["band"]["label"] if unit["band"] else None)
        assert line[6:] == [labels[c["result"]] for c in unit["criteria"]]
    client.force_login(tree.users.admin)
    page = client.get("/dashboard/HP/2026H1/", {"table": "classification", "format": fmt})
    assert rows_of(page, fmt) == rows  # the dashboard's download is the same table


def test_the_classification_table_is_refused_outside_the_scope(client, tree, dashboard_reports, bearer):
    assert client.get("/api/v1/classifications/HP/2026H1/table.csv",
                      headers=bearer(tree.users.approver_a)).status_code == 403
    response = client.get("/api/v1/classifications/HP/2031H1/table.csv", headers=bearer(tree.users.admin))
    assert response.status_code == 404 and "detail" in response.json()
