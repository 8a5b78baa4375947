"""The overview at scale: scope (children, every level, one kind), search, sort, paging, the htmx
list, the download of the whole scope and "remind all" over the subtree."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greenplan.accounts.models import Membership, Role
from greenplan.notifications.models import Notification
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period, Report
from greenplan.reporting.overview.selectors import (
    PAGE_SIZE,
    ListQuery,
    parse_query,
    scope_list,
    scope_totals,
)
from greenplan.testing.bulk_units import add_grassroots_bulk
from greenplan.testing.downloads import read_csv
from greenplan.testing.personas import make_user

pytestmark = pytest.mark.django_db

URL = "/overview/HP/2026H1/"
# Each added unit's report, by its number: (status or None, days after the deadline it was sent).
PLAN = {0: None, 1: ("draft", None), 2: ("submitted", -3), 3: ("approved", 2), 4: ("returned", -1),
        5: ("submitted", 5)}


def add_units(parent: Unit, n: int, period: Period) -> list[Unit]:
    """`n` grassroots units under `parent` (bulk, as the demo loader writes them), each with the
    report PLAN[i % 6] says; names alternate a school (with diacritics) and a company."""
    units = add_grassroots_bulk(parent, n, lambda i: (
        f"Công đoàn Trường Mầm non Hoa Sen {i:03d}" if i % 2 else f"Công đoàn Công ty Thép {i:03d}"))
    reports = []
    for i, unit in enumerate(units):
        plan = PLAN[i % 6]
        if plan is None:
            continue
        status, days = plan
        sent = None
        if days is not None:
            sent = timezone.make_aware(datetime.datetime.combine(period.deadline + datetime.timedelta(days=days),
                                                                 datetime.time(10)))
        reports.append(Report(unit=unit, period=period, status=status, first_submitted_at=sent))
    Report.objects.bulk_create(reports)
    return units


@pytest.fixture
def overdue(period):
    period.deadline = timezone.localdate() - datetime.timedelta(days=10)
    period.cutoff = min(period.cutoff, period.deadline)
    period.save()
    return period


@pytest.fixture
def grown(tree, overdue):
    tree.many = add_units(tree.a, 60, overdue)
    return tree


def codes(units) -> list[str]:
    return [u.code for u in units]


# --- selectors -----------------------------------------------------------------------------------


def test_the_scope_is_the_children_every_level_or_one_kind(grown, overdue):
    assert set(codes(scope_list(grown.root, overdue, ListQuery()))) == {"HP-A", "HP-B"}
    every = set(codes(scope_list(grown.root, overdue, ListQuery(scope="all"))))
    assert every == {"HP-A", "HP-B", "HP-A-01", "HP-A-02", "HP-B-01", *codes(grown.many)}
    grassroots = set(codes(scope_list(grown.root, overdue, ListQuery(scope="grassroots"))))
    assert grassroots == every - {"HP-A", "HP-B"}


def test_an_ended_unit_is_not_expected_and_not_listed(grown, overdue):
    Unit.objects.filter(code="HP-A-G000").update(valid_to=overdue.start)
    assert "HP-A-G000" not in codes(scope_list(grown.root, overdue, ListQuery(scope="all")))


def test_search_ignores_diacritics_and_case(grown, overdue):
    for q in ["hoa sen 001", "Hoa Sen 001", "HOA SEN 001", "Hoà Sen 001", "mam non 001"]:
        assert codes(scope_list(grown.root, overdue, ListQuery(scope="all", q=q))) == ["HP-A-G001"], q


def test_search_by_code_and_by_every_word(grown, overdue):
    assert codes(scope_list(grown.root, overdue, ListQuery(scope="all", q="hp-b-01"))) == ["HP-B-01"]
    assert codes(scope_list(grown.root, overdue, ListQuery(scope="all", q="hồng bàng"))) == ["HP-A"]
    assert codes(scope_list(grown.root, overdue, ListQuery(scope="all", q="thép 00"))) == [
        "HP-A-G000", "HP-A-G002", "HP-A-G004", "HP-A-G006", "HP-A-G008"]
    assert not scope_list(grown.root, overdue, ListQuery(scope="all", q="không có đơn vị này")).exists()


def test_the_filters_match_the_states_and_lateness(grown, overdue):
    states = {u.code: u.state for u in scope_list(grown.a, overdue, ListQuery())}
    waiting = {c for c, s in states.items() if s == "submitted"}
    assert set(codes(scope_list(grown.a, overdue, ListQuery(show="waiting")))) == waiting
    missing = {c for c, s in states.items() if s not in ("submitted", "approved")}
    assert set(codes(scope_list(grown.a, overdue, ListQuery(show="missing")))) == missing
    # Late: unsent after the deadline (a report returned after an on-time sending is not: PLAN 4),
    # or first sent after it (PLAN 3 and 5).
    late = {"HP-A-01", "HP-A-02"} | {u.code for i, u in enumerate(grown.many) if i % 6 in (0, 1, 3, 5)}
    assert set(codes(scope_list(grown.a, overdue, ListQuery(show="late")))) == late


def test_the_counts_cover_the_whole_scope(grown, overdue):
    counts = scope_totals(grown.root, overdue, "all")
    n = len(grown.many)
    per = {k: sum(1 for i in range(n) if (PLAN[i % 6] or ("missing",))[0] == k) for k in
           ("missing", "draft", "returned", "submitted", "approved")}
    per["missing"] += 5  # HP-A, HP-B and the three grassroots units of the personas' tree
    assert counts.total == n + 5 and counts.by_state == per
    assert counts.late == n + 5 - sum(1 for i in range(n) if i % 6 in (2, 4))  # only those sent in time


def test_sorting(grown, overdue):
    listed = list(scope_list(grown.a, overdue, ListQuery(sort="name")))
    assert [u.name for u in listed if u.kind.code == "grassroots"] == sorted(
        u.name for u in listed if u.kind.code == "grassroots")
    desc = codes(scope_list(grown.a, overdue, ListQuery(sort="name", descending=True)))
    assert desc == codes(reversed(listed))
    order = ["missing", "draft", "returned", "submitted", "approved"]
    ranks = [order.index(u.state) for u in scope_list(grown.a, overdue, ListQuery(sort="status"))]
    assert ranks == sorted(ranks)
    sent = [u.sent_at for u in scope_list(grown.a, overdue, ListQuery(sort="submitted")) if u.sent_at]
    assert sent == sorted(sent) and len(sent) == 40
    by_late = list(scope_list(grown.a, overdue, ListQuery(sort="late")))
    # The unsent first (late by 10 days), then those sent 5 days late, then 2, then the on-time ones.
    assert [u.sent_at is None for u in by_late[:22]] == [True] * 22
    assert {u.code for u in by_late[22:32]} == {u.code for i, u in enumerate(grown.many) if i % 6 == 5}
    assert {u.code for u in by_late[32:42]} == {u.code for i, u in enumerate(grown.many) if i % 6 == 3}
    assert all(not u.late for u in by_late[42:])


def test_bad_list_parameters_fall_back_to_the_defaults(grown):
    query = parse_query({"scope": "nope", "show": "x", "sort": "-evil", "q": "  a   b  "}, [])
    assert query == ListQuery(scope="children", show="all", q="a b", sort="name", descending=False)
    assert parse_query({"sort": "-late"}, []).sort_param == "-late"


# --- the page ------------------------------------------------------------------------------------


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def test_the_page_shows_one_page_of_the_scope_and_counts_the_whole(client, grown, overdue):
    response = get(client, grown.users.admin, scope="all")
    assert response.status_code == 200
    assert len(response.context["rows"]) == PAGE_SIZE
    assert response.context["page"].paginator.count == 65
    html = response.content.decode()
    assert 'data-testid="count-sent">30/65<' in html and "Trang 1/2" in html
    second = get(client, grown.users.admin, scope="all", page="2")
    assert len(second.context["rows"]) == 15
    first = {r.unit.code for r in response.context["rows"]}
    assert first.isdisjoint(r.unit.code for r in second.context["rows"])
    assert 'data-testid="count-sent">30/65<' in second.content.decode()


def test_htmx_gets_the_list_alone(client, grown, overdue):
    client.force_login(grown.users.admin)
    partial = client.get(URL, {"scope": "all", "q": "hoa sen"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html and 'data-testid="overview-summary"' not in html
    assert [t.name for t in partial.templates][0] == "reporting/overview/_list.html"
    assert len(partial.context["rows"]) == 30 and 'data-testid="overview-found">30 đơn vị<' in html
    full = client.get(URL, {"scope": "all", "q": "hoa sen"}).content.decode()
    assert "<html" in full and 'id="overview-list"' in full and 'data-testid="overview-found">30 đơn vị<' in full


def test_the_pager_and_sort_links_keep_the_scope_and_search(client, grown, overdue):
    html = get(client, grown.users.admin, scope="all", q="cong doan").content.decode()
    assert 'href="?scope=all&amp;q=cong+doan&amp;page=2"' in html
    assert 'hx-target="#overview-list"' in html
    assert 'href="?scope=all&amp;q=cong+doan&amp;sort=late"' in html


def test_bad_parameters_never_break_the_page(client, grown, overdue):
    for params in [{"page": "abc"}, {"page": "999"}, {"page": "-3"}, {"sort": "bogus"}, {"scope": "bogus"},
                   {"show": "<x>"}, {"q": "x" * 500}, {"scope": "all", "page": "0"}]:
        assert get(client, grown.users.admin, **params).status_code == 200, params


def test_the_scope_never_widens_the_rights(client, grown, overdue):
    for user, url, status in [
        ("reporter_a1", "/overview/HP-A/2026H1/?scope=all", 403),
        ("approver_a", "/overview/HP/2026H1/?scope=all", 403),
        ("approver_a", "/overview/HP-B/2026H1/?scope=all&q=ngo", 403),
        ("viewer_b", "/overview/HP-A/2026H1/?scope=grassroots", 403),
        ("approver_a", "/overview/HP-A/2026H1/?scope=all", 200),
    ]:
        client.force_login(getattr(grown.users, user))
        assert client.get(url, headers={"HX-Request": "true"}).status_code == status, (user, url)


def test_the_query_count_is_fixed_whatever_the_scope(client, tree, overdue):
    client.force_login(tree.users.admin)
    client.get(URL, {"scope": "all"})
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"scope": "all"}).status_code == 200
    add_units(tree.a, 120, overdue)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"scope": "all", "page": "2"})
    assert len(response.context["rows"]) == PAGE_SIZE
    assert len(large) == len(small) <= 14


def test_the_download_holds_the_whole_filtered_scope(client, grown, overdue):
    client.force_login(grown.users.admin)
    rows = read_csv(client.get(URL, {"scope": "all", "show": "missing", "format": "csv"}))
    expected = codes(scope_list(grown.root, overdue, ListQuery(scope="all", show="missing")))
    assert [r[0] for r in rows[1:]] == expected and len(expected) > 20
    rows = read_csv(client.get(URL, {"scope": "all", "format": "csv"}))
    assert len(rows) == 1 + 65


# --- remind all over the subtree -----------------------------------------------------------------


def give_reporters(units: list[Unit]) -> None:
    for unit in units:
        make_user(f"rep_{unit.code.lower()}", unit, Role.REPORTER)


def expected_reminders(top: Unit, period: Period) -> set[tuple[str, str]]:
    """(username, unit code) for every unit strictly below `top` without a sent report, counted
    here from the memberships and reports directly."""
    sent = set(Report.objects.filter(period=period, status__in=["submitted", "approved"]).values_list("unit_id",
                                                                                                          flat=True))
    pairs = set()
    for m in Membership.objects.select_related("unit", "user").filter(
            role__in=[Role.REPORTER, Role.APPROVER, Role.ADMIN], user__is_active=True):
        unit = m.unit
        if unit.path.startswith(top.path) and unit.pk != top.pk and unit.pk not in sent:
            pairs.add((m.user.username, unit.code))
    return pairs


def reminded() -> set[tuple[str, str]]:
    return {(n.user.username, n.dedupe_key.split(":")[2])
            for n in Notification.objects.filter(dedupe_key__startswith="remind:").select_related("user")}


def test_remind_all_reaches_every_unsent_unit_of_the_subtree(client, grown, overdue):
    give_reporters(grown.many)
    client.force_login(grown.users.admin)
    response = client.post("/overview/HP/2026H1/remind/", {"scope": "all"}, follow=True)
    expected = expected_reminders(grown.root, overdue)
    assert reminded() == expected and len(expected) == 3 + 30  # a1, a2, approver_a on HP-A; the 30 unsent added units
    message = [str(m) for m in response.context["messages"]][0]
    people = len({u for u, _c in expected})
    units = len({c for _u, c in expected})
    assert message == f"Đã gửi nhắc nhở tới {people} người của {units} đơn vị."
    client.post("/overview/HP/2026H1/remind/", {"scope": "all"})
    assert Notification.objects.filter(dedupe_key__startswith="remind:").count() == len(expected)


def test_remind_all_keeps_to_the_search_and_to_the_children_scope(client, grown, overdue):
    give_reporters(grown.many)
    client.force_login(grown.users.approver_a)
    client.post("/overview/HP-A/2026H1/remind/", {"scope": "all", "q": "hoa sen"})
    # Hoa Sen (odd numbers) and unsent: PLAN 1 only.
    assert {c for _u, c in reminded()} == {u.code for i, u in enumerate(grown.many) if i % 6 == 1}
    Notification.objects.all().delete()
    client.force_login(grown.users.admin)
    client.post("/overview/HP/2026H1/remind/", {})
    assert {c for _u, c in reminded()} == {"HP-A"}  # the children scope: HP-A (approver_a), HP-B has no one


def test_remind_all_never_reaches_beyond_the_users_right(client, grown, overdue):
    give_reporters(grown.many)
    client.force_login(grown.users.viewer_b)
    assert client.post("/overview/HP-B/2026H1/remind/", {"scope": "all"}).status_code == 403
    client.force_login(grown.users.approver_a)
    assert client.post("/overview/HP/2026H1/remind/", {"scope": "all"}).status_code == 403
    assert not Notification.objects.exists()


def test_remind_all_refuses_a_scope_too_large_for_one_request(client, grown, overdue, monkeypatch):
    monkeypatch.setattr("greenplan.reporting.overview.views.REMIND_LIMIT", 10)
    give_reporters(grown.many)
    client.force_login(grown.users.admin)
    response = client.post("/overview/HP/2026H1/remind/", {"scope": "all"}, follow=True)
    assert "Quá nhiều đơn vị (hơn 10) để nhắc cùng lúc" in [str(m) for m in response.context["messages"]][0]
    assert not Notification.objects.exists()
    client.post("/overview/HP/2026H1/remind/", {"scope": "all", "q": "hoa sen 001"})
    assert Notification.objects.count() == 1  # narrowed by the search, it goes through
