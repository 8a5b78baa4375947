"""The status changes' query counts, so that the roll-up upkeep does not creep back up (issue #15).

Once a unit's total rows exist, the upkeep reads the other half-year's report and locks and
updates the rows: it does not read again the values the submission just checked, nor the
over-time rules when only one half has values, nor try to create the rows. The limits are
today's counts: raise them only knowingly.
"""

from greenplan.reporting.rebuild import differences
from greenplan.reporting.services import report_approve, report_reopen, report_return, report_save, report_submit
from greenplan.testing.factories import submit, values_for

# The catalogue is kept per process, checked with one query (its version): 3 queries before.
SAVE_QUERIES = 11  # 13 before
# 17 before; 23 before the first trim (values read twice, rules, two inserts of existing rows, unit, period).
SUBMIT_QUERIES = 15
APPROVE_QUERIES = 14
RETURN_QUERIES = 14


def _saved_again(tree, period, version, bonus=1):
    return report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=version,
                       values=values_for("a1", bonus)).report


def test_a_resubmission_approval_and_return_stay_within_their_query_counts(
    tree, period, django_assert_max_num_queries
):
    submit(tree, "a1", period, actor=tree.users.reporter_a1)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    report_reopen(actor=tree.users.admin, unit=tree.a1, period=period, comment="Mở lại")
    report = _saved_again(tree, period, version=4)  # every total row of a1 now exists, in both scopes

    with django_assert_max_num_queries(SUBMIT_QUERIES):
        report = report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    with django_assert_max_num_queries(APPROVE_QUERIES):
        report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    report_reopen(actor=tree.users.admin, unit=tree.a1, period=period, comment="Mở lại")
    with django_assert_max_num_queries(SAVE_QUERIES):
        report = _saved_again(tree, period, version=report.version + 2, bonus=2)  # one value changes
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    with django_assert_max_num_queries(RETURN_QUERIES):
        report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Sửa lại")
    assert differences() == []
