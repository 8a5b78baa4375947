"""Stored expected counts always equal counting the units the rule names, even as the tree changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.orgs.models import TreeVersion, Unit, UnitKind
from greenplan.orgs.services import unit_create, unit_dissolve, unit_merge, unit_move
from greenplan.reporting.expected import expected_counts, expected_units, reports_itself
from greenplan.reporting.models import ExpectedCount


def assert_exact(periods):
    units = list(Unit.objects.all())
    counts = expected_counts(units, periods)
    for unit in units:
        assert counts[unit.pk] == sum(expected_units(p, within=unit).count() for p in periods), unit.code


def test_counts_equal_the_rule_for_every_unit(tree, period, previous_period):
    assert_exact([period])
    assert_exact([previous_period, period])
    assert expected_counts([tree.root], [period])[tree.root.pk] == 5
    assert expected_counts([tree.a1, tree.root], [period]) == {tree.a1.pk: 1, tree.root.pk: 5}


def test_a_second_read_uses_the_stored_rows(tree, period):
    expected_counts([tree.root], [period])
    with CaptureQueriesContext(connection) as queries:
        assert expected_counts([tree.root, tree.a, tree.b], [period])[tree.a.pk] == 3
    assert len(queries) == 2  # the tree's version, the stored rows


@pytest.mark.parametrize("change", ["create", "move", "dissolve", "merge"])
def test_counts_follow_every_change_to_the_tree(tree, period, change):
    expected_counts([tree.root], [period])
    before = TreeVersion.current()
    day = datetime.date(2026, 3, 1)
    if change == "create":
        unit_create(parent=tree.b, code="HP-B-02", name="CĐCS mới", kind=UnitKind.objects.get(code="grassroots"),
                    valid_from=day)
    elif change == "move":
        unit_move(unit=tree.a2, new_parent=tree.b, date=day)
    elif change == "dissolve":
        unit_dissolve(unit=tree.a2, date=datetime.date(2025, 12, 31))
    else:
        unit_merge(units=[tree.a2], into=tree.a1, date=datetime.date(2025, 12, 31))
    assert TreeVersion.current() > before
    assert_exact([period])
    assert not ExpectedCount.objects.exclude(tree_version=TreeVersion.current()).exists()


def test_a_leaf_needs_no_stored_row(tree, period):
    with CaptureQueriesContext(connection) as queries:
        assert expected_counts([tree.a1, tree.b1], [period]) == {tree.a1.pk: 1, tree.b1.pk: 1}
    assert len(queries) == 0
    assert expected_counts([tree.root], [period]) and not ExpectedCount.objects.filter(unit=tree.a1).exists()


def test_a_bulk_load_of_units_also_renews_the_counts(tree, period):
    from django.core.management import call_command

    expected_counts([tree.root], [period])
    before = TreeVersion.current()
    call_command("generate_org", grassroots=12, provinces=2, verbosity=0)
    assert TreeVersion.current() > before
    assert_exact([period])


def test_every_unit_but_the_root_must_report_and_a_dissolved_one_no_longer(tree, period):
    everyone = {"HP-A", "HP-A-01", "HP-A-02", "HP-B", "HP-B-01"}
    assert set(expected_units(period).values_list("code", flat=True)) == everyone
    assert set(expected_units(period, within=tree.a).values_list("code", flat=True)) == {"HP-A", "HP-A-01", "HP-A-02"}
    unit_dissolve(unit=tree.a2, date=period.start)
    assert "HP-A-02" not in set(expected_units(period).values_list("code", flat=True))


def test_the_rule_for_one_unit_in_hand_agrees_with_the_query(tree, period, previous_period):
    unit_dissolve(unit=tree.a2, date=period.start)
    for p in (previous_period, period):
        named = set(expected_units(p).values_list("pk", flat=True))
        assert {u.pk for u in Unit.objects.all() if reports_itself(u, p)} == named
