"""Two editors who loaded the same version save at the same moment: one wins, one gets 409."""

import threading

import pytest
from django.db import connection, connections

from greenplan.reporting.errors import StaleVersion
from greenplan.reporting.models import Report
from greenplan.reporting.services import report_save, stored_values

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database with row locks between connections"
)


@pytest.mark.django_db(transaction=True)
def test_two_editors_cannot_overwrite_each_other(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_SESSIONS": 1})
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name, user, value):
        try:
            barrier.wait()
            report_save(actor=user, unit=tree.a1, period=period, version=1, values={"G3_SESSIONS": value})
            outcomes[name] = "saved"
        except StaleVersion:
            outcomes[name] = "stale"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=("reporter", tree.users.reporter_a1, 10)),
        threading.Thread(target=edit, args=("approver", tree.users.approver_a, 20)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = 10 if outcomes["reporter"] == "saved" else 20
    report = Report.objects.get()
    assert report.version == 2
    assert stored_values(report) == {"G3_SESSIONS": winner}


@pytest.mark.django_db(transaction=True)
def test_two_editors_creating_the_same_report_cannot_both_win(tree, period):
    barrier = threading.Barrier(2)
    outcomes = []

    def create(user, value):
        try:
            barrier.wait()
            report_save(actor=user, unit=tree.a1, period=period, version=0, values={"G3_SESSIONS": value})
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(u, v)) for u, v in
               ((tree.users.reporter_a1, 1), (tree.users.approver_a, 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert Report.objects.get().version == 1
