"""The dashboard ranks only subordinates with enough of their reports in (RANKING_MIN_REPORTED_PCT)."""

from greenplan.analytics.dashboard import complete_enough
from greenplan.reporting.models import Report
from greenplan.testing.factories import submit


def units_in_subtree(unit) -> int:
    """What a subtree owes for a half-year in the personas' tree: every unit in it reports."""
    return type(unit).objects.filter(path__startswith=unit.path).count()


def counted_reports(unit, period) -> int:
    return Report.objects.filter(unit__path__startswith=unit.path, period=period,
                                 status__in=["submitted", "approved"]).count()


def test_the_threshold_is_a_share_of_the_expected_reports(settings):
    settings.RANKING_MIN_REPORTED_PCT = 80
    assert complete_enough(4, 5) and complete_enough(25, 25)
    assert not complete_enough(1, 25) and not complete_enough(3, 4) and not complete_enough(0, 0)
    settings.RANKING_MIN_REPORTED_PCT = 50
    assert complete_enough(2, 4)


def test_a_unit_with_too_few_reports_is_listed_apart_not_ranked(client, tree, period, settings):
    settings.RANKING_MIN_REPORTED_PCT = 80
    for key in ("a", "a1", "a2", "b1"):  # HP-A: every report in; HP-B: its own is missing
        submit(tree, key, period)
    assert counted_reports(tree.a, period) == units_in_subtree(tree.a) == 3
    assert (counted_reports(tree.b, period), units_in_subtree(tree.b)) == (1, 2)
    client.force_login(tree.users.admin)
    response = client.get("/dashboard/HP/2026H1/", {"indicator": "G3_SESSIONS"})
    board = response.context["board"]
    rows = {r.unit.code: r for r in board.subordinates}
    assert rows["HP-A"].rank == 1 and rows["HP-A"].rankable
    assert rows["HP-B"].rank is None and not rows["HP-B"].rankable and rows["HP-B"].value is not None
    assert [r.unit.code for r in board.unranked] == ["HP-B"]
    html = response.content.decode()
    assert "1 đơn vị chưa đủ số liệu để xếp hạng" in html and 'data-unit="HP-B"' in html
    assert "Chỉ xếp hạng đơn vị đã nhận ít nhất 80% số báo cáo phải nộp." in html


def test_the_minimum_is_a_setting(client, tree, period, settings):
    settings.RANKING_MIN_REPORTED_PCT = 50
    for key in ("a1", "b1"):
        submit(tree, key, period)
    client.force_login(tree.users.admin)
    board = client.get("/dashboard/HP/2026H1/", {"indicator": "G3_SESSIONS"}).context["board"]
    # HP-A: 1 of 3 (33 %) stays out; HP-B: 1 of 2 (50 %) is ranked.
    assert {r.unit.code: r.rank for r in board.subordinates} == {"HP-A": None, "HP-B": 1}


def test_with_approved_reports_only_the_approved_ones_count(client, tree, period, settings):
    settings.RANKING_MIN_REPORTED_PCT = 50
    submit(tree, "b1", period)  # submitted, not approved
    client.force_login(tree.users.admin)
    board = client.get("/dashboard/HP/2026H1/", {"indicator": "G3_SESSIONS", "status": "approved"}).context["board"]
    assert {r.unit.code: (r.received, r.rankable) for r in board.subordinates} == {
        "HP-A": (0, False), "HP-B": (0, False)}
    client.force_login(tree.users.admin)
    board = client.get("/dashboard/HP/2026H1/", {"indicator": "G3_SESSIONS"}).context["board"]
    assert {r.unit.code: (r.received, r.rankable) for r in board.subordinates} == {
        "HP-A": (0, False), "HP-B": (1, True)}
