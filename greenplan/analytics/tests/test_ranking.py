"""The dashboard's ranking at scale: any level of the subtree, search with or without diacritics,
sort, paging, the htmx partial, the charts' top and bottom N with short names, the whole list
as a download, and a fixed number of queries whatever the number of units."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.analytics import ranking as rank
from greenplan.analytics.dashboard import build
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.factories import full_values

URL = "/dashboard/HP/2026H1/"
NAMES = ["Công ty TNHH Thép Xanh số {i}", "Trường Tiểu học Lê Lợi số {i}", "Công ty Cổ phần Cảng Đình Vũ số {i}"]


def add_grassroots(tree, period, count, reported):
    """`count` grassroots unions under HP-A, the first `reported` of them with MEMBERS = 200 + i."""
    kind = UnitKind.objects.get(code="grassroots")
    for i in range(count):
        unit = unit_create(parent=tree.a, code=f"HP-A-G{i:03d}", name="Công đoàn " + NAMES[i % 3].format(i=i),
                           kind=kind, valid_from=datetime.date(2020, 1, 1))
        if i < reported:
            report = report_save(actor=tree.users.admin, unit=unit, period=period, version=0,
                                 values=full_values(MEMBERS=200 + i)).report
            report_submit(actor=tree.users.admin, unit=unit, period=period, version=report.version)


@pytest.fixture
def wide(dashboard_reports, period, monkeypatch):
    """The dashboard scenario plus 12 grassroots unions under HP-A, 9 of them reported; pages of 5
    and charts of the best and worst 3, so paging and cutting show on few units (kept cheap)."""
    monkeypatch.setattr(rank, "PAGE_SIZE", 5)
    monkeypatch.setattr(rank, "CHART_N", 3)
    add_grassroots(dashboard_reports, period, 12, 9)
    return dashboard_reports


def get(client, user, url=URL, htmx=False, **params):
    client.force_login(user)
    return client.get(url, params, **({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "ranking"} if htmx else {}))


@pytest.mark.parametrize(("name", "short"), [
    ("Công đoàn Công ty TNHH Thép Xanh", "TNHH Thép Xanh"),
    ("Công đoàn phường Hồng Bàng", "phường Hồng Bàng"),
    ("Công đoàn cơ sở Trường Tiểu học Lê Lợi", "TH Lê Lợi"),
    ("Công đoàn Công ty Cổ phần Cảng Đình Vũ", "CTCP Cảng Đình Vũ"),
    ("Liên đoàn Lao động thành phố Hải Phòng", "TP. Hải Phòng"),
    ("Công đoàn", "Công đoàn"),
])
def test_short_names_drop_the_words_every_union_shares(name, short):
    assert rank.short_name(name) == short


def test_the_default_level_is_the_direct_subordinates_ranked(wide, settings):
    board = build(wide.root, "2026H1", indicator_code="MEMBERS")
    # Under 80 % of the reports expected of their subtrees are in: with the minimum, nobody is ranked...
    ranked = rank.ranking(board)
    assert [r.unit.code for r in ranked.rows] == ["HP-A", "HP-B"]
    assert [r.rank for r in ranked.rows] == [None, None]
    assert {r.code for r in ranked.unranked} == {"HP-A", "HP-B"}
    assert [r.code for r in ranked.chart] == ["HP-A", "HP-B"]  # two values side by side: no best or worst
    # ...without a minimum both are.
    settings.RANKING_MIN_REPORTED_PCT = 0
    ranked = rank.ranking(board)
    assert [r.rank for r in ranked.rows] == [1, 2] and ranked.unranked == []
    assert ranked.kind is None and {k.code for k in ranked.kinds} >= {"grassroots", "commune", "sector"}


def test_the_grassroots_level_ranks_every_grassroots_union_of_the_subtree(wide):
    board = build(wide.root, "2026H1", indicator_code="MEMBERS")
    ranked = rank.ranking(board, level="grassroots")
    assert ranked.total == 15 and ranked.page.paginator.num_pages == 3
    first = ranked.rows[0]
    assert (first.unit.code, first.value, first.rank) == ("HP-A-G008", Decimal(208), 1)
    # A full row, as for a direct subordinate: its completeness and class come with it.
    assert (first.expected, first.submitted) == (1, 1) and first.classification is not None
    last_page = rank.ranking(board, level="grassroots", page=3)
    assert [r.rank for r in last_page.rows] == [11, 12, None, None, None]  # units without a value come last
    assert len(last_page.rows) == 15 - 2 * rank.PAGE_SIZE


def test_the_search_ignores_diacritics_and_case_and_keeps_the_rank(wide):
    board = build(wide.root, "2026H1", indicator_code="MEMBERS")
    everyone = [row for page in (1, 2, 3) for row in rank.ranking(board, level="grassroots", page=page).rows]
    expected = next(r.rank for r in everyone if r.unit.code == "HP-A-G001")
    for typed in ["Lê Lợi số 1", "le loi so 1", "LE LOI SO 1", "hp-a-g001"]:  # one fixture: it is not cheap
        ranked = rank.ranking(board, level="grassroots", query=typed)
        codes = [r.unit.code for r in ranked.rows]
        assert "HP-A-G001" in codes and "HP-A-G000" not in codes, typed
        assert all("Lê Lợi" in r.unit.name for r in ranked.rows), typed
        # its place among all the level, not among the matches
        assert next(r.rank for r in ranked.rows if r.unit.code == "HP-A-G001") == expected, typed


def test_it_sorts_by_rank_either_way_and_by_name(wide):
    board = build(wide.root, "2026H1", indicator_code="MEMBERS")
    lowest = rank.ranking(board, level="grassroots", sort="-rank")
    assert [r.value for r in lowest.rows[:2]] == [Decimal(40), Decimal(80)]
    by_name = rank.ranking(board, level="grassroots", sort="name")
    assert by_name.rows[0].unit.name.startswith("Công đoàn Công ty Cổ phần")
    assert rank.ranking(board, sort="password").sort == "rank"


def test_the_chart_shows_the_best_and_worst_n_with_short_names(client, wide):
    chart = get(client, wide.users.admin, indicator="MEMBERS", level="grassroots").context["chart"]
    values = chart["bars"]["values"]
    assert len(values) == 2 * rank.CHART_N
    assert values == [208.0, 207.0, 206.0, 120.0, 80.0, 40.0]
    assert chart["bars"]["labels"][0] == "CTCP Cảng Đình Vũ số 8"
    assert chart["bars"]["names"][0] == "Công đoàn Công ty Cổ phần Cảng Đình Vũ số 8"
    assert chart["bars"]["urls"][0] == "/dashboard/HP-A-G008/2026H1/?indicator=MEMBERS"


def test_the_completeness_chart_keeps_the_least_and_most_complete(client, wide):
    response = get(client, wide.users.admin, "/dashboard/HP-A/2026H1/")
    completeness = response.context["chart"]["completeness"]
    assert len(completeness["labels"]) == 2 * rank.CHART_N  # HP-A has 14 direct subordinates
    assert completeness["missing"][0] == 1 and completeness["missing"][-1] == 0
    assert 'data-testid="completeness-cut"' in response.content.decode()


def test_htmx_gets_the_table_only_and_a_plain_link_the_whole_page(client, wide):
    partial = get(client, wide.users.admin, htmx=True, indicator="MEMBERS", level="grassroots", page="2")
    body = partial.content.decode()
    assert "<html" not in body and 'data-testid="ranking"' in body and 'id="trend-chart"' not in body
    assert body.count('data-testid="ranking-row"') == rank.PAGE_SIZE
    assert "indicator=MEMBERS&amp;level=grassroots&amp;page=1" in body
    full = get(client, wide.users.admin, indicator="MEMBERS", level="grassroots", page="2").content.decode()
    assert "<html" in full and 'id="trend-chart"' in full and full.count('data-testid="ranking-row"') == 5


def test_the_download_holds_the_whole_filtered_level(client, wide):
    response = get(client, wide.users.admin, indicator="MEMBERS", level="grassroots", q="thep", table="units",
                   format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5  # 4 "Thép Xanh" unions of the 12 and HP-A-01: more than a page of 5
    assert [r[1] for r in rows[1:]] == ["HP-A-G006", "HP-A-G003", "HP-A-G000", "HP-A-01", "HP-A-G009"]
    assert rows[1][0] == "3"  # the rank among the whole level


def test_bad_parameters_never_answer_500(client, wide):
    for params in [{"level": "nope"}, {"sort": "-password"}, {"page": "999"}, {"page": "x"}, {"q": "z" * 3000},
                   {"level": "grassroots", "q": "không có đơn vị này"}]:
        response = get(client, wide.users.admin, **params)
        assert response.status_code == 200, params
    assert 'data-testid="ranking-empty"' in response.content.decode()


def test_a_unit_outside_the_scope_is_refused_even_its_table(client, wide):
    assert get(client, wide.users.approver_a, htmx=True, level="grassroots").status_code == 403
    assert get(client, wide.users.viewer_b, table="units", format="csv").status_code == 403


def test_the_ranking_costs_the_same_queries_whatever_the_level_size(client, dashboard_reports, period):
    params = {"indicator": "MEMBERS", "level": "grassroots", "page": "1"}
    add_grassroots(dashboard_reports, period, 3, 3)
    get(client, dashboard_reports.users.admin, **params)
    with CaptureQueriesContext(connection) as small:
        get(client, dashboard_reports.users.admin, **params)
    kind = UnitKind.objects.get(code="grassroots")
    for i in range(12):
        unit = unit_create(parent=dashboard_reports.b, code=f"HP-B-G{i:03d}", name=f"Công đoàn cơ sở B {i}",
                           kind=kind, valid_from=datetime.date(2020, 1, 1))
        if i % 2:
            report = report_save(actor=dashboard_reports.users.admin, unit=unit, period=period, version=0,
                                 values=full_values(MEMBERS=i)).report
            report_submit(actor=dashboard_reports.users.admin, unit=unit, period=period, version=report.version)
    get(client, dashboard_reports.users.admin, **params)  # the first read after the tree changed stores counts
    with CaptureQueriesContext(connection) as large:
        response = get(client, dashboard_reports.users.admin, **params)
    assert response.context["ranking"].total == 18
    assert len(large) == len(small)

