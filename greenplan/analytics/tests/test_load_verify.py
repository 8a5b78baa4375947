"""The deadline-day load's after-run check (bench/load_verify.py) passes on what the services
wrote, and catches a lost write and a stored total that drifted; its repair after a run without
the roll-up upkeep makes the totals exact again. On a 200-unit bench tree."""

import io
import json
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from greenplan.accounts.models import Membership, Role, User
from greenplan.demo.generate import national_root
from greenplan.reporting import services
from greenplan.reporting.models import Period, Rollup

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from bench import load_accounts, load_verify, national_data  # noqa: E402


@pytest.fixture
def run(db, tmp_path):
    """Four editable reports of the bench tree, the snapshot before the run, and a reporter."""
    call_command("generate_org", "--grassroots", "200", "--provinces", "3", stdout=io.StringIO())
    root = national_root()
    national_data.load(root, seed=7, progress=lambda line: None)
    period = Period.objects.get(code="2026H1")
    reports = load_accounts.editable_reports(period, 4, seed=1)
    before = load_accounts.snapshot(reports, period)
    user = User.objects.create_user(username="load-test", password="x")
    Membership.objects.create(user=user, unit=root, role=Role.ADMIN)
    return reports, before, user, period, tmp_path


def accept(path: Path, kind: str, unit: str, version: int, **extra) -> None:
    with open(path / "accepted.jsonl", "a") as f:
        f.write(json.dumps({"kind": kind, "unit": unit, "version": version, **extra}) + "\n")


def save_and_submit(run) -> None:
    reports, _before, user, period, out = run
    for report in reports[:2]:
        saved = services.report_save(actor=user, unit=report.unit, period=period, version=report.version,
                                     values={"G5_TREES": 4321})
        accept(out, "save", report.unit.code, saved.report.version, values={"G5_TREES": 4321})
        submitted = services.report_submit(actor=user, unit=report.unit, period=period)
        accept(out, "submitted", report.unit.code, submitted.version)


def test_what_the_services_wrote_passes_and_a_lost_save_or_drifted_total_is_caught(run):
    save_and_submit(run)
    reports, before, _user, _period, out = run
    kinds, lost = load_verify.lost_writes(out, "2026H1")
    moved, inexact = load_verify.total_differences(before)
    assert (kinds["save"], kinds["submitted"], lost) == (2, 2, [])
    assert moved > 0 and inexact == []

    accept(out, "save", reports[0].unit.code, reports[0].version + 1, values={"G5_TREES": 999})
    root_total = Rollup.objects.get(unit=national_root(), period="2026H1", scope="counted")
    root_total.reports += 1
    root_total.save()
    _kinds, lost = load_verify.lost_writes(out, "2026H1")
    _moved, inexact = load_verify.total_differences(before)
    assert any("G5_TREES: last accepted save 999" in line for line in lost)
    assert [line for line in inexact if f"({root_total.unit_id}, '2026H1', 'counted')" in line]
    root_total.reports -= 1  # the suite checks every total at teardown
    root_total.save()


def test_repair_after_a_run_without_the_rollup_upkeep(run):
    with mock.patch.object(services, "report_status_changed", lambda report, old_status, values=None: None):
        save_and_submit(run)
    before = run[1]
    assert load_verify.total_differences(before)[1] != []
    assert load_verify.repair(before) > 0
    assert load_verify.total_differences(before)[1] == []
