"""A superior sees and exports the activities of its whole subtree; nobody sees above their scope."""

import datetime

import pytest

from greenplan.activities.services import activity_record
from greenplan.testing.downloads import read_csv, read_xlsx
from greenplan.testing.factories import activity_data


@pytest.fixture
def done(tree):
    """Two activities of HP-A-01, one of HP-A-02, one of HP-A itself, one of HP-B-01."""
    made = {}
    for key, title, start in [("a1", "Tuyên truyền A1", datetime.date(2026, 2, 1)),
                              ("a1", "Tập huấn A1", datetime.date(2025, 5, 1)),
                              ("a2", "Trồng cây A2", datetime.date(2026, 3, 1)),
                              ("a", "Đối thoại HP-A", datetime.date(2026, 4, 1)),
                              ("b1", "Kiểm tra B1", datetime.date(2026, 4, 2))]:
        unit = getattr(tree, key)
        made[title] = activity_record(actor=tree.users.admin, unit=unit,
                                      **activity_data(title=title, start_on=start))
    return made


def titles(response):
    return {a.title for a in response.context["activities"]}


def test_the_subtree_option_lists_every_unit_below(client, tree, done):
    client.force_login(tree.users.approver_a)
    own = client.get("/activities/HP-A/")
    assert titles(own) == {"Đối thoại HP-A"}
    assert 'data-testid="subtree-tab"' in own.content.decode()
    whole = client.get("/activities/HP-A/", {"subtree": "1"})
    assert titles(whole) == {"Đối thoại HP-A", "Tuyên truyền A1", "Tập huấn A1", "Trồng cây A2"}
    html = whole.content.decode()
    assert html.count('data-testid="activity-unit"') == 4 and "HP-A-02" in html
    assert whole.context["years"] == [2026, 2025]
    assert titles(client.get("/activities/HP-A/", {"subtree": "1", "year": "2025"})) == {"Tập huấn A1"}
    # The province sees all five.
    client.force_login(tree.users.admin)
    assert len(client.get("/activities/HP/", {"subtree": "1"}).context["activities"]) == 5


def test_a_grassroots_unit_has_no_subtree_option(client, tree, done):
    client.force_login(tree.users.reporter_a1)
    page = client.get("/activities/HP-A-01/", {"subtree": "1"})
    assert titles(page) == {"Tuyên truyền A1", "Tập huấn A1"}
    assert 'data-testid="subtree-tab"' not in page.content.decode()


def test_the_subtree_is_refused_outside_the_scope(client, tree, done):
    client.force_login(tree.users.reporter_a1)
    assert client.get("/activities/HP-A/", {"subtree": "1"}).status_code == 403
    client.force_login(tree.users.viewer_b)
    assert client.get("/activities/HP-A/", {"subtree": "1"}).status_code == 403
    assert titles(client.get("/activities/HP-B/", {"subtree": "1"})) == {"Kiểm tra B1"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_subtree_export_names_each_activitys_unit(client, tree, done, fmt):
    client.force_login(tree.users.approver_a)
    response = client.get("/activities/HP-A/", {"subtree": "1", "format": fmt})
    assert response["Content-Disposition"] == f'attachment; filename="HP-A-activities-subtree.{fmt}"'
    rows = read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]
    assert rows[0][:3] == ["Mã đơn vị", "Đơn vị", "Ngày thực hiện"]
    by_title = {row[5]: row[:2] for row in rows[1:]}
    assert by_title == {
        "Tuyên truyền A1": ["HP-A-01", tree.a1.name], "Tập huấn A1": ["HP-A-01", tree.a1.name],
        "Trồng cây A2": ["HP-A-02", tree.a2.name], "Đối thoại HP-A": ["HP-A", tree.a.name],
    }


def test_the_own_export_keeps_its_columns(client, tree, done):
    client.force_login(tree.users.approver_a)
    rows = read_csv(client.get("/activities/HP-A/", {"format": "csv"}))
    assert rows[0][0] == "Ngày thực hiện" and [r[3] for r in rows[1:]] == ["Đối thoại HP-A"]
