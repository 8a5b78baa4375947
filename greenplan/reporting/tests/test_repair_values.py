"""manage.py repair_values: finds stored values that cannot be read back exactly and removes them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from greenplan.reporting.models import Indicator, Report, ReportEvent, ReportValue
from greenplan.reporting.rebuild import differences
from greenplan.reporting.services import report_save, report_submit, stored_values
from greenplan.testing.factories import full_values


def store_raw(report, code, raw):
    """Write a value past the services, as an older version of the product could."""
    indicator = Indicator.objects.get(code=code)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reporting_reportvalue SET value = %s WHERE report_id = %s AND indicator_id = %s",
            [raw, report.pk, indicator.pk],
        )


@pytest.fixture
def broken(tree, period):
    values = full_values(G5_INITIATIVE_VALUE=5, G7_UNION_SPENDING=7)
    report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=values).report
    report = report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    store_raw(report, "G5_INITIATIVE_VALUE", "99999999999999.99")
    return report


def run(*args):
    out = StringIO()
    call_command("repair_values", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_the_bad_values_and_changes_nothing(broken):
    with pytest.raises(CommandError, match="1 stored values"):
        run()
    with pytest.raises(CommandError):
        run("--dry-run")
    assert ReportValue.objects.filter(report=broken).count() == len(full_values())
    assert Report.objects.get().version == broken.version
    if connection.vendor == "sqlite":  # why the command exists: the report cannot be read
        with pytest.raises(Exception, match="InvalidOperation|decimal"):
            stored_values(broken)
    store_raw(broken, "G5_INITIATIVE_VALUE", "5")  # let the suite's check of the totals read it


def test_fix_removes_the_value_logs_it_and_keeps_the_totals_exact(broken, client, tree):
    out = run("--fix")
    assert "HP-A-01 2026H1 G5_INITIATIVE_VALUE: 99999999999999.9" in out
    assert "1 values removed from 1 reports; stored totals rebuilt" in out
    report = Report.objects.get()
    assert report.version == broken.version + 1
    values = stored_values(report)
    assert "G5_INITIATIVE_VALUE" not in values and values["G7_UNION_SPENDING"] == 7
    event = ReportEvent.objects.get(report=report, version=report.version)
    assert event.actor is None and "G5_INITIATIVE_VALUE" in event.comment and "nhập lại" in event.comment
    assert event.changes[0]["field"] == "G5_INITIATIVE_VALUE" and event.changes[0]["new"] is None
    assert differences() == []
    client.force_login(tree.users.reporter_a1)
    page = client.get("/reports/HP-A-01/2026H1/")
    assert page.status_code == 200 and "nhập lại" in page.content.decode()
    assert run() == "every stored value reads back exactly\n"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite lets text into a numeric column")
def test_text_in_a_numeric_column_is_found_too(broken):
    store_raw(broken, "G5_INITIATIVE_VALUE", "5")
    store_raw(broken, "G7_UNION_SPENDING", "abc")
    assert "G7_UNION_SPENDING: 'abc' — không phải là số" in run("--fix")
    assert "G7_UNION_SPENDING" not in stored_values(Report.objects.get())
