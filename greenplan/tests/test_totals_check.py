"""The after-test check of the stored totals is skipped only for tests that wrote none of their
inputs: a write to any of them must be seen, on SQLite and on PostgreSQL."""

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Rollup
from greenplan.testing import totals_check


def test_an_insert_an_update_and_a_delete_of_a_stored_total_are_each_counted(tree):
    before = totals_check.writes()
    row = Rollup.objects.create(unit=tree.root, period="2026H1", scope=Rollup.Scope.COUNTED, reports=1)
    after_insert = totals_check.writes()
    Rollup.objects.filter(pk=row.pk).update(reports=2)
    after_update = totals_check.writes()
    row.delete()  # leaves the totals exact for the check after this test
    assert before < after_insert < after_update < totals_check.writes()


def test_writes_elsewhere_are_not_counted(tree):
    before = totals_check.writes()
    Unit.objects.filter(pk=tree.root.pk).update(name="Liên đoàn Lao động khác")
    assert totals_check.writes() == before
