from collections import Counter

from greenplan.demo.reports import load_demo_reports
from greenplan.reporting import values as V
from greenplan.reporting.models import Period, Report
from greenplan.reporting.services import stored_values


def test_demo_reports_are_mixed_and_obey_every_rule(tree):
    summary = load_demo_reports(tree.root, seed=7)
    assert summary.periods == 4
    assert set(Period.objects.values_list("code", "is_open")) == {
        ("2025H1", False), ("2025H2", False), ("2026H1", True), ("2026H2", True)}
    assert not Report.objects.filter(unit=tree.root).exists()
    for report in Report.objects.select_related("unit"):
        values = stored_values(report)
        catalogue = V.catalogue_for(report.unit)
        assert V.check_rules(catalogue, values)[0] == {}
        assert V.missing_required(catalogue, values) == {}
        assert report.version == report.events.count()


def test_demo_reports_are_deterministic(tree):
    load_demo_reports(tree.root, seed=3)
    first = Counter(Report.objects.values_list("status", flat=True))
    Report.objects.all().delete()
    load_demo_reports(tree.root, seed=3)
    assert Counter(Report.objects.values_list("status", flat=True)) == first
