"""The activity list at scale: search with or without diacritics, filters (group, item, period,
dates, unit level), sort, paging in SQL with a fixed number of queries, the htmx partial, the
whole filtered list as a download, and bad parameters told, never a 500."""

import datetime

import pytest

from greenplan.activities import views
from greenplan.activities.models import Activity
from greenplan.activities.selectors import ActivityFilter, activities_listed
from greenplan.activities.services import activity_record
from greenplan.testing.downloads import read_csv
from greenplan.testing.factories import activity_data


@pytest.fixture
def done(tree, period):
    """Five activities over HP's subtree, recorded through the service (so they are searchable)."""
    made = {}
    for key, title, start, people, cost in [
        ("a1", "Tuyên truyền tiết kiệm điện", datetime.date(2026, 2, 1), 120, 2_000_000),
        ("a1", "Tập huấn an toàn lao động", datetime.date(2025, 5, 1), 40, 9_000_000),
        ("a2", "Trồng cây xanh sân trường", datetime.date(2026, 3, 1), 60, 1_000_000),
        ("a", "Đối thoại với người lao động", datetime.date(2026, 4, 1), 15, 500_000),
        ("b1", "Kiểm tra vệ sinh môi trường", datetime.date(2026, 4, 2), 8, 0),
    ]:
        made[title] = activity_record(actor=tree.users.admin, unit=getattr(tree, key),
                                      **activity_data(title=title, start_on=start, participants=people, cost=cost,
                                                      description=""))
    return made


def titles(qs):
    return [a.title for a in qs]


@pytest.mark.parametrize("typed", ["Trồng cây", "trong cay", "TRONG CÂY", "sân TRUONG"])
def test_the_search_ignores_diacritics_and_case(tree, done, typed):
    found = activities_listed(tree.root, ActivityFilter(subtree=True, query=typed))
    assert titles(found) == ["Trồng cây xanh sân trường"]


def test_the_search_finds_the_unit_by_name_or_code_over_a_subtree(tree, done):
    by_unit = activities_listed(tree.root, ActivityFilter(subtree=True, query="thep xanh"))  # HP-A-01's name
    assert set(titles(by_unit)) == {"Tuyên truyền tiết kiệm điện", "Tập huấn an toàn lao động"}
    assert titles(activities_listed(tree.root, ActivityFilter(subtree=True, query="hp-b-01"))) == [
        "Kiểm tra vệ sinh môi trường"]


def test_an_edited_title_is_found_by_its_new_words(tree, done):
    from greenplan.activities.services import activity_update

    activity = done["Kiểm tra vệ sinh môi trường"]
    activity_update(actor=tree.users.admin, unit=tree.b1, activity=activity, data={"title": "Giám sát chất thải"})
    assert titles(activities_listed(tree.root, ActivityFilter(subtree=True, query="chat thai"))) == [
        "Giám sát chất thải"]


def test_it_filters_by_dates_and_unit_level(tree, done):
    from greenplan.orgs.models import UnitKind

    spring = ActivityFilter(subtree=True, date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 4, 1))
    assert titles(activities_listed(tree.root, spring)) == ["Đối thoại với người lao động", "Trồng cây xanh sân trường"]
    grassroots = ActivityFilter(subtree=True, unit_kind=UnitKind.objects.get(code="grassroots"))
    assert len(titles(activities_listed(tree.root, grassroots))) == 4  # not HP-A's own


@pytest.mark.parametrize(("sort", "first"), [
    ("-date", "Kiểm tra vệ sinh môi trường"),
    ("date", "Tập huấn an toàn lao động"),
    ("-participants", "Tuyên truyền tiết kiệm điện"),
    ("-cost", "Tập huấn an toàn lao động"),
    ("title", "Đối thoại với người lao động"),
    ("unit", "Đối thoại với người lao động"),  # HP-A comes before its grassroots unions
])
def test_it_sorts(tree, done, sort, first):
    assert titles(activities_listed(tree.root, ActivityFilter(subtree=True, sort=sort)))[0] == first


def test_the_page_filters_by_period_and_group_and_keeps_them_in_the_pager(client, tree, done, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(tree.users.admin)
    response = client.get("/activities/HP/", {"subtree": "1", "period": "2026H1", "sort": "-participants"})
    assert titles(response.context["activities"]) == ["Tuyên truyền tiết kiệm điện", "Trồng cây xanh sân trường"]
    body = response.content.decode()
    assert "subtree=1&amp;period=2026H1&amp;sort=-participants&amp;page=2" in body
    assert response.context["totals"] == {"n": 4, "people": 203, "money": 3_500_000}  # the whole list, not the page
    page2 = client.get("/activities/HP/", {"subtree": "1", "period": "2026H1", "sort": "-participants", "page": "2"})
    assert titles(page2.context["activities"]) == ["Đối thoại với người lao động", "Kiểm tra vệ sinh môi trường"]
    assert titles(client.get("/activities/HP/", {"subtree": "1", "group": "3"}).context["activities"]) == []


def test_typed_dates_are_read_day_first_and_shown_back_so(client, tree, done):
    client.force_login(tree.users.admin)
    response = client.get("/activities/HP/", {"subtree": "1", "from": "01/03/2026", "to": "2026-04-01"})
    assert {a.title for a in response.context["activities"]} == {"Trồng cây xanh sân trường",
                                                                  "Đối thoại với người lao động"}
    body = response.content.decode()
    assert 'value="01/03/2026"' in body and 'value="01/04/2026"' in body


def test_htmx_gets_the_rows_and_a_plain_link_the_whole_page(client, tree, done):
    client.force_login(tree.users.admin)
    partial = client.get("/activities/HP/", {"subtree": "1", "q": "trong cay"},
                         HTTP_HX_REQUEST="true", HTTP_HX_TARGET="activity-rows").content.decode()
    assert "<html" not in partial and 'data-testid="filter"' not in partial and "Trồng cây xanh" in partial
    full = client.get("/activities/HP/", {"subtree": "1", "q": "trong cay"}).content.decode()
    assert "<html" in full and 'data-testid="filter"' in full and "Trồng cây xanh" in full


def test_the_download_holds_the_whole_filtered_list(client, tree, done, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(tree.users.admin)
    response = client.get("/activities/HP/", {"subtree": "1", "period": "2026H1", "format": "csv"})
    rows = read_csv(response)
    assert len(rows) == 1 + 4


def test_a_page_costs_the_same_queries_whatever_the_number_of_activities(client, tree, done,
                                                                         django_assert_max_num_queries):
    Activity.objects.bulk_create([
        Activity(unit=tree.a1, kind="propaganda", title=f"Tuyên truyền số {i}", search_text=f"tuyen truyen so {i}",
                 start_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 150), participants=i)
        for i in range(120)
    ])
    client.force_login(tree.users.admin)
    for params in [{"subtree": "1"}, {"subtree": "1", "page": "4", "q": "tuyen", "sort": "-participants"},
                   {"subtree": "1", "level": "grassroots", "period": "2026H1"}]:
        with django_assert_max_num_queries(16):
            response = client.get("/activities/HP/", params)
        assert len(response.context["activities"]) == views.PAGE_SIZE


@pytest.mark.parametrize(("params", "message"), [
    ({"from": "31/02/2026"}, "31/02/2026"),
    ({"to": "yesterday"}, "yesterday"),
    ({"from": "2026-05-01", "to": "2026-04-01"}, "sau ngày kết thúc"),
    ({"item": "999999"}, "Mục kế hoạch"),
    ({"sort": "password"}, None),
    ({"group": "99"}, None),
    ({"period": "2099H9"}, None),
    ({"level": "nope"}, None),
    ({"page": "x"}, None),
    ({"q": "x" * 5000}, None),
])
def test_bad_parameters_are_told_and_never_a_500(client, tree, done, params, message):
    client.force_login(tree.users.admin)
    response = client.get("/activities/HP-A-01/", params)
    assert response.status_code == 200
    if message:
        body = response.content.decode()
        assert 'data-testid="list-error"' in body and message in body


def test_the_list_and_its_download_are_refused_outside_the_scope(client, tree, done):
    client.force_login(tree.users.reporter_a1)
    assert client.get("/activities/HP-A/", {"subtree": "1", "q": "trong"}).status_code == 403
    assert client.get("/activities/HP-A-02/", {"format": "csv"}).status_code == 403
    client.force_login(tree.users.outsider)
    assert client.get("/activities/HP/", {"subtree": "1"}, HTTP_HX_REQUEST="true").status_code == 403
