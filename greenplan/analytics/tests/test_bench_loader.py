"""The national benchmark's bulk loader (bench/national_data.py) writes exactly what the product
would: its stored totals equal a recomputation from the raw values, and the services carry on
from them (a draft submitted afterwards keeps every total exact)."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from greenplan.accounts.models import Membership, Role, User
from greenplan.analytics.selectors import aggregate
from greenplan.demo.generate import national_root
from greenplan.reporting.expected import expected_units
from greenplan.reporting.models import Period, Report, Rollup
from greenplan.reporting.rebuild import differences, expected_totals
from greenplan.reporting.services import counted_in, report_submit, stored_values

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from bench import national_data  # noqa: E402


@pytest.fixture
def loaded(db):
    call_command("generate_org", "--grassroots", "200", "--provinces", "3", stdout=io.StringIO())
    root = national_root()
    summary = national_data.load(root, seed=7, progress=lambda line: None)
    return root, summary


def test_stored_totals_equal_the_recomputation(loaded):
    root, summary = loaded
    assert summary.reports == Report.objects.count() > 0
    assert summary.rollups == Rollup.objects.count() == len(expected_totals())
    assert differences() == []
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved"}
    assert set(Rollup.objects.values_list("period", flat=True)) == {"2025H1", "2025H2", "2026H1", "2026H2",
                                                                    "2025", "2026"}


def test_reports_look_like_the_products(loaded):
    root, _summary = loaded
    sent = Report.objects.exclude(status="draft").select_related("unit")[:50]
    for report in sent:
        assert report.counted_in == counted_in(report.unit)
        assert report.first_submitted_at is not None and report.values.count() == 61
    assert not Report.objects.filter(status="draft").exclude(counted_in=[]).exists()
    for period in Period.objects.all():  # only units the product expects report, the root never
        reporting = set(Report.objects.filter(period=period).values_list("unit_id", flat=True))
        expected = set(expected_units(period, within=root).values_list("id", flat=True))
        assert reporting <= expected and root.pk not in reporting and len(reporting) > len(expected) // 10


def test_a_draft_submitted_after_loading_reaches_the_national_total(loaded):
    root, _summary = loaded
    draft = Report.objects.filter(status="draft", period__code="2026H1").select_related("unit", "period").first()
    user = User.objects.create_user(username="bench-reporter", password="x")
    Membership.objects.create(user=user, unit=draft.unit, role=Role.REPORTER)
    before = aggregate(root, "2026H1").values["MEMBERS"]
    report_submit(actor=user, unit=draft.unit, period=draft.period)
    after = aggregate(root, "2026H1").values["MEMBERS"]
    assert after - before == stored_values(draft)["MEMBERS"]
    # The autouse fixture then checks every stored total against the raw values again.
