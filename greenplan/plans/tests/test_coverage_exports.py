"""The coverage matrix as .xlsx and .csv: one row per direct subordinate, one column per item."""

import pytest

from greenplan.plans.models import PlanItem
from greenplan.testing.downloads import read_csv, read_xlsx

URL = "/plans/HP/coverage/"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_holds_the_matrix_the_page_shows(client, tree, cascade, fmt):
    _hp, a, a1 = cascade
    PlanItem.objects.filter(plan=a, code="1.2").update(status=PlanItem.Status.DONE)
    PlanItem.objects.filter(plan=a1, code="2.1").delete()  # first the item below that concretizes it
    PlanItem.objects.filter(plan=a, code="2.1").delete()
    client.force_login(tree.users.admin)
    cov = client.get(URL).context["coverage"]
    response = client.get(URL, {"format": fmt})
    assert response["Content-Disposition"] == f'attachment; filename="HP-coverage.{fmt}"'
    rows = read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]
    items = [ic.item for ic in cov.items]
    assert rows[0][:5] == ["Mã đơn vị", "Tên đơn vị", "Kế hoạch", "Số mục đã cụ thể hóa", "Sáng kiến của đơn vị"]
    assert rows[0][5:] == [f"{i.code}. {i.title}" for i in items]
    by_unit = {r[0]: r for r in rows[1:-1]}
    assert list(by_unit) == [row.unit.code for row in cov.rows] == ["HP-A", "HP-B"]
    hp_a, hp_b = by_unit["HP-A"], by_unit["HP-B"]
    assert hp_a[2] == "Đang soạn thảo" == a.get_status_display()
    concretized = next(r for r in cov.rows if r.unit.code == "HP-A").concretized
    assert str(hp_a[3]) == str(concretized) == str(len(items) - 1)
    column = {i.code: 5 + n for n, i in enumerate(items)}
    assert hp_a[column["1.1"]] == "1.1 · Chưa triển khai"
    assert hp_a[column["1.2"]] == "1.2 · Đã hoàn thành"
    assert hp_a[column["2.1"]] in ("", None)
    assert hp_b[2] == "Chưa có kế hoạch" and hp_b[3] in ("", None)
    total = rows[-1]
    assert total[1] == "Số đơn vị đã cụ thể hóa"
    assert [str(total[column[i.code]]) for i in items] == [str(ic.concretized) for ic in cov.items]


def test_the_page_offers_the_download(client, tree, cascade):
    client.force_login(tree.users.approver_a)
    html = client.get("/plans/HP-A/coverage/").content.decode()
    assert 'href="?format=xlsx"' in html and 'data-testid="export-coverage-csv"' in html


def test_the_download_needs_the_page_right(client, tree, cascade):
    client.force_login(tree.users.approver_a)
    assert client.get(URL, {"format": "xlsx"}).status_code == 403
