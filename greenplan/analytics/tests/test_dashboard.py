"""The dashboard page: access, figures equal to the stored totals, subordinates, ranking, cost."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.analytics.classification.scores import classify
from greenplan.analytics.selectors import aggregate
from greenplan.orgs.models import Unit as UnitModel
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.reporting.models import Period
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.factories import full_values, submit

URL = "/dashboard/HP/2026H1/"


@pytest.fixture
def filled(dashboard_reports):
    """The dashboard's scenario (greenplan/testing/fixtures.py)."""
    return dashboard_reports


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("admin", URL, 200),
        ("admin", "/dashboard/HP-B-01/2026H1/", 200),
        ("approver_a", "/dashboard/HP-A/2026H1/", 200),
        ("approver_a", URL, 403),
        ("approver_a", "/dashboard/HP-B/2026H1/", 403),
        ("viewer_b", "/dashboard/HP-B/2026H1/", 200),
        ("viewer_b", "/dashboard/HP-A/2026H1/", 403),
        ("reporter_a1", "/dashboard/HP-A-01/2026H1/", 200),
        ("reporter_a1", "/dashboard/HP-A-02/2026H1/", 403),
        ("outsider", URL, 403),
        ("admin", "/dashboard/NOPE/2026H1/", 404),
        ("admin", "/dashboard/HP/2031H1/", 404),
        ("admin", "/dashboard/HP/garbage/", 404),
    ],
)
def test_permission_matrix(client, tree, period, user, url, status):
    assert get(client, getattr(tree.users, user), url).status_code == status


def test_anonymous_is_sent_to_log_in(client, tree, period):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_start_redirects_to_the_first_root_and_the_newest_period_with_data(client, filled, period):
    Period.objects.create(code="2026H2", year=2026, half=2, start=datetime.date(2026, 7, 1),
                          end=datetime.date(2026, 12, 31), cutoff=datetime.date(2026, 12, 31),
                          deadline=datetime.date(2027, 1, 15), is_open=True)
    response = get(client, filled.users.admin, "/dashboard/")
    assert response.status_code == 302 and response["Location"] == URL
    response = get(client, filled.users.approver_a, "/dashboard/")
    assert response["Location"] == "/dashboard/HP-A/2026H1/"
    assert get(client, filled.users.outsider, "/dashboard/").status_code == 403


def test_key_figures_equal_the_aggregate(client, filled):
    response = get(client, filled.users.admin)
    board, agg = response.context["board"], aggregate(filled.root, "2026H1")
    assert board.aggregate == agg
    html = response.content.decode()
    members = agg.values["MEMBERS"]
    assert members == 240
    assert 'data-testid="fig-members">240<' in html
    assert f'data-testid="fig-submitted">{agg.submitted}/{agg.expected}<' in html
    assert (agg.submitted, agg.approved) == (3, 1)
    rate = agg.values["G7_GREEN_PROCUREMENT_RATE"]
    assert rate == Decimal("26.19") and board.green_met is False  # 55 / 210, not the mean of ratios
    assert 'data-testid="green-badge" data-met="0"' in html and 'data-testid="fig-green">26,19%<' in html


def test_approved_only_uses_approved_totals_and_the_badge_says_met(client, filled):
    response = get(client, filled.users.admin, status="approved", indicator="G3_SESSIONS")
    board = response.context["board"]
    assert board.green_rate == Decimal("40.00") and board.green_met  # only a1: 40 / 100
    assert 'data-testid="green-badge" data-met="1"' in response.content.decode()
    assert board.aggregate == aggregate(filled.root, "2026H1", approved_only=True)
    assert board.indicator.code == "G3_SESSIONS"
    ranked = {r.unit.code: r.value for r in board.subordinates}
    assert ranked == {"HP-A": Decimal(4), "HP-B": None}


def test_the_indicator_table_has_the_change_against_the_previous_period(client, filled):
    Period.objects.update(is_open=False)  # the comparison rule compares two closed periods only
    response = get(client, filled.users.admin, "/dashboard/HP-A-01/2026H1/")
    rows = {r.indicator.code: r for g in response.context["board"].groups for r in g.rows}
    sessions = rows["G3_SESSIONS"]
    assert (sessions.value, sessions.previous, sessions.change) == (Decimal(4), Decimal(1), Decimal(3))
    assert sessions.change_pct == Decimal("300.0")
    html = response.content.decode()
    assert 'data-code="G3_SESSIONS"' in html and "+300%" in html


def test_subordinates_equal_their_own_aggregates_and_are_ranked(client, filled, settings):
    settings.RANKING_MIN_REPORTED_PCT = 0  # ranks every unit with a value; the minimum: test_ranking_minimum.py
    response = get(client, filled.users.admin, indicator="MEMBERS")
    subs = response.context["board"].subordinates
    assert [s.unit.code for s in subs] == ["HP-A", "HP-B"]
    for sub in subs:
        agg = aggregate(sub.unit, "2026H1")
        # The chosen indicator and the one a plan target names: what the page shows of a subordinate.
        assert set(sub.values) == {"MEMBERS", "G7_GREEN_PROCUREMENT_RATE"}
        assert sub.values == {code: agg.values[code] for code in sub.values}
        assert (sub.expected, sub.submitted, sub.approved, sub.on_time) == (
            agg.expected, agg.submitted, agg.approved, agg.on_time)
    assert [s.value for s in subs] == [Decimal(160), Decimal(80)]
    assert [s.rank for s in subs] == [1, 2]
    html = response.content.decode()
    assert 'href="/dashboard/HP-A/2026H1/?indicator=MEMBERS"' in html


def test_equal_values_share_a_rank_and_missing_values_come_last(client, tree, period):
    submit(tree, "a1", period)
    response = get(client, tree.users.admin, "/dashboard/HP-A/2026H1/", indicator="G1_FOCAL")
    subs = response.context["board"].subordinates
    assert [(s.unit.code, s.rank) for s in subs] == [("HP-A-01", 1), ("HP-A-02", None)]


def test_drill_down_reaches_a_grassroots_unit(client, filled):
    html = get(client, filled.users.admin).content.decode()
    assert 'href="/dashboard/HP-A/2026H1/' in html
    html = get(client, filled.users.admin, "/dashboard/HP-A/2026H1/").content.decode()
    assert 'href="/dashboard/HP-A-01/2026H1/' in html
    response = get(client, filled.users.admin, "/dashboard/HP-A-01/2026H1/")
    assert response.status_code == 200 and 'data-testid="no-subordinates"' in response.content.decode()


def test_a_year_works(client, filled):
    response = get(client, filled.users.admin, "/dashboard/HP/2026/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.code == "2026" and board.aggregate == aggregate(filled.root, "2026")
    assert board.previous_code == "2025"
    assert [c for c, _v in board.trend] == ["2025", "2026"]


def test_the_trend_runs_over_every_half_year(client, filled):
    board = get(client, filled.users.admin, "/dashboard/HP-A-01/2026H1/", indicator="G3_SESSIONS").context["board"]
    assert board.trend == [("2025H2", Decimal(1)), ("2026H1", Decimal(4))]
    chart = get(client, filled.users.admin, "/dashboard/HP-A-01/2026H1/", indicator="G3_SESSIONS").context["chart"]
    assert chart["trend"]["values"] == [1.0, 4.0]


def test_vietnamese_numbers_on_the_page(client, filled):
    unit = filled.b1
    period = Period.objects.get(code="2025H2")
    report = report_save(actor=filled.users.admin, unit=unit, period=period, version=0,
                         values=full_values(MEMBERS=12345, G7_PROCUREMENT_TOTAL=3, G7_PROCUREMENT_GREEN=2)).report
    report_submit(actor=filled.users.admin, unit=unit, period=period, version=report.version)
    html = get(client, filled.users.admin, "/dashboard/HP-B-01/2025H2/").content.decode()
    assert 'data-testid="fig-members">12.345<' in html
    assert "66,67%" in html


def test_query_count_does_not_grow_with_the_subordinates(client, filled, period):
    client.force_login(filled.users.admin)
    url = "/dashboard/HP-A/2026H1/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    kind = UnitKind.objects.get(code="grassroots")
    for i in range(10):
        unit = unit_create(parent=filled.a, code=f"HP-A-X{i:02d}", name=f"Công đoàn cơ sở số {i}", kind=kind,
                           valid_from=datetime.date(2020, 1, 1))
        if i < 4:
            report = report_save(actor=filled.users.admin, unit=unit, period=period, version=0,
                                 values=full_values()).report
            report_submit(actor=filled.users.admin, unit=unit, period=period, version=report.version)
    client.get(url)  # the first read after the tree changed stores the new expected counts
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["board"].subordinates) == 12
    assert len(large) == len(small) <= 40  # totals, targets, classes: a fixed number each


def test_the_unit_and_each_subordinate_show_their_class(client, filled):
    response = get(client, filled.users.admin)
    board = response.context["board"]
    own = classify(filled.root, "2026H1")
    assert board.classification.score == own.score
    html = response.content.decode()
    shown = html.split('data-testid="own-class">')[1].split("<")[0]
    assert shown == (own.band.label if own.score is not None and own.band else "—")
    for row in board.subordinates:
        assert row.classification.score == classify(row.unit, "2026H1").score


def test_with_approved_reports_only_each_class_is_the_one_of_the_unit_alone(client, filled):
    # The page shares one read of the stored totals between the table and the classes: a class
    # must still come from the approved scope, and from that scope's parts only.
    board = get(client, filled.users.admin, status="approved").context["board"]
    for row in [board, *board.subordinates]:
        alone = classify(board.unit if row is board else row.unit, "2026H1", approved_only=True)
        assert [(r.outcome, r.value) for r in row.classification.results] == [(r.outcome, r.value)
                                                                            for r in alone.results]
        assert row.classification.score == alone.score


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_ranking_export_carries_the_class(client, filled, fmt):
    from greenplan.testing.downloads import read_csv, read_xlsx

    rows = get(client, filled.users.admin, URL, format=fmt, table="units")
    rows = read_csv(rows) if fmt == "csv" else read_xlsx(rows)
    assert list(rows[0][-2:]) == ["Điểm xếp loại (%)", "Xếp loại"]
    for row in rows[1:]:
        c = classify(UnitModel.objects.get(code=row[1]), "2026H1")
        label = c.band.label if c.score is not None and c.band else None
        assert (row[-1] or None) == label


def test_the_dashboard_links_to_the_breakdown_and_the_plan(client, filled):
    html = get(client, filled.users.admin, status="approved").content.decode()
    assert 'href="/dashboard/HP/2026H1/breakdown/?status=approved"' in html
    assert 'href="/plans/HP/"' in html
