"""The read-replica router's decisions, with a fake probe: no replica needed (make test).

The live behaviour against a real streaming replica is in test_replica_live.py (make replica-test).
"""

import logging

import pytest
from django.db import OperationalError, router
from django.http import HttpResponse
from django.test import RequestFactory

from greenplan.ops.replica import probe
from greenplan.ops.replica.middleware import ReplicaRouteMiddleware
from greenplan.ops.replica.probe import DOWN, ProbeCache, ReplicaState, lsn_to_int
from greenplan.ops.replica.routing import ReplicaRouter, current_read_alias, reading_from
from greenplan.ops.replica.views import WROTE_COOKIE, choose, reads_from_replica
from greenplan.reporting.models import Report

CAUGHT_UP = ReplicaState(up=True, lag_seconds=0.0, lag_bytes=0)
LAGGING = ReplicaState(up=True, lag_seconds=30.0, lag_bytes=4096)


class FakeProbe:
    """Stands for probe.measure: answers the states given, counts the looks."""

    def __init__(self, *states: ReplicaState):
        self.states = list(states)
        self.calls = 0

    def __call__(self, alias: str) -> ReplicaState:
        self.calls += 1
        return self.states[min(self.calls, len(self.states)) - 1]


@pytest.fixture
def routing(settings, monkeypatch):
    """Routing on, with the test database standing for the replica (the alias reads go to)."""
    settings.REPLICA_READS = True
    settings.REPLICA_DATABASE = "default"
    settings.DB_ROUTE_HEADER = True
    settings.REPLICA_MAX_LAG_SECONDS = 5
    probe.cache.clear()
    yield lambda *states: _install(monkeypatch, FakeProbe(*states))
    probe.cache.clear()


def _install(monkeypatch, fake: FakeProbe) -> FakeProbe:
    monkeypatch.setattr(probe, "measure", fake)
    return fake


def test_an_lsn_is_its_byte_position():
    assert lsn_to_int("0/3000000") == 0x3000000
    assert lsn_to_int("16/B374D848") == (0x16 << 32) + 0xB374D848


def test_a_replica_within_the_lag_bound_is_usable_and_one_beyond_it_is_not():
    assert CAUGHT_UP.usable(5)
    assert ReplicaState(up=True, lag_seconds=5.0, lag_bytes=10).usable(5)
    assert not LAGGING.usable(5)
    assert not DOWN.usable(5)


def test_the_router_reads_from_the_route_and_always_writes_to_the_primary(settings):
    settings.REPLICA_DATABASE = "replica"
    r = ReplicaRouter()
    assert r.db_for_read(Report) is None
    with reading_from("replica"):
        assert r.db_for_read(Report) == "replica"
        assert r.db_for_write(Report) == "default"
        assert router.db_for_write(Report) == "default"
    assert current_read_alias() is None
    assert r.allow_migrate("replica", "reporting") is False
    assert r.allow_migrate("default", "reporting") is None


def test_the_probe_is_cached_for_a_second_when_up_and_longer_when_down(settings, caplog):
    settings.REPLICA_PROBE_SECONDS = 1
    settings.REPLICA_DOWN_SECONDS = 5
    now = [100.0]
    cache = ProbeCache(clock=lambda: now[0])
    fake = FakeProbe(CAUGHT_UP, DOWN, DOWN, CAUGHT_UP)
    with caplog.at_level(logging.WARNING, logger="greenplan.ops.replica"):
        assert cache.get("replica", fake) == CAUGHT_UP
        now[0] += 0.5
        assert cache.get("replica", fake) == CAUGHT_UP and fake.calls == 1
        now[0] += 0.6
        assert cache.get("replica", fake) == DOWN and fake.calls == 2
        now[0] += 4.9
        assert cache.get("replica", fake) == DOWN and fake.calls == 2  # "down" is kept 5 s
        now[0] += 0.2
        assert cache.get("replica", fake) == DOWN and fake.calls == 3
        now[0] += 5.1
        assert cache.get("replica", fake) == CAUGHT_UP and fake.calls == 4
    messages = [r.getMessage() for r in caplog.records]
    # One line when it went down (not one per look) and one when it came back.
    assert len(messages) == 2
    assert "unreachable" in messages[0] and "reachable again" in messages[1]


@pytest.mark.parametrize(
    ("method", "state", "expected"),
    [
        ("GET", CAUGHT_UP, ("replica", "ok")),
        ("HEAD", CAUGHT_UP, ("replica", "ok")),
        ("GET", LAGGING, ("primary", "replica-lagging")),
        ("GET", DOWN, ("primary", "replica-down")),
        ("POST", CAUGHT_UP, ("primary", "write")),
    ],
)
def test_a_marked_request_reads_from_the_replica_only_when_it_is_up_and_close(routing, method, state, expected):
    fake = routing(state)
    request = RequestFactory().generic(method, "/dashboard/HP/2026H1/")
    route = choose(request, "replica")
    assert (route.route, route.reason) == expected
    # A write is decided without asking the replica.
    assert fake.calls == (0 if method == "POST" else 1)


def test_without_a_replica_every_read_goes_to_the_primary(routing):
    fake = routing(CAUGHT_UP)
    route = choose(RequestFactory().get("/"), None)
    assert (route.route, route.reason) == ("primary", "no-replica")
    assert fake.calls == 0


def _after(method: str, status: int) -> HttpResponse:
    middleware = ReplicaRouteMiddleware(lambda request: HttpResponse(status=status))
    return middleware(RequestFactory().generic(method, "/reports/HP-A-01/2026H1/"))


@pytest.mark.parametrize(("method", "status", "marked"), [
    ("POST", 302, True), ("PUT", 200, True), ("DELETE", 204, True),
    ("POST", 400, False), ("POST", 403, False), ("PUT", 409, False), ("GET", 200, False),
])
def test_only_a_write_that_succeeded_opens_the_read_your_writes_window(routing, method, status, marked):
    response = _after(method, status)
    assert (WROTE_COOKIE in response.cookies) is marked
    if marked:
        assert response.cookies[WROTE_COOKIE]["max-age"] == 10
        assert response.cookies[WROTE_COOKIE]["httponly"]


def test_no_window_without_a_replica(settings):
    settings.REPLICA_READS = False
    assert WROTE_COOKIE not in _after("POST", 302).cookies


def test_the_route_header_is_off_unless_the_setting_allows_it(routing, settings):
    assert _after("GET", 200)["X-DB-Route"] == "primary; not-marked"
    settings.DB_ROUTE_HEADER = False
    assert "X-DB-Route" not in _after("GET", 200)


DASHBOARD = "/dashboard/HP/2026H1/"


def test_the_dashboard_reads_from_the_replica_when_it_is_close(routing, client, tree, period):
    routing(CAUGHT_UP)
    client.force_login(tree.users.admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response["X-DB-Route"] == "replica"


@pytest.mark.parametrize(("state", "reason"), [(LAGGING, "replica-lagging"), (DOWN, "replica-down")])
def test_the_dashboard_falls_back_to_the_primary_without_an_error(routing, client, tree, period, state, reason):
    routing(state)
    client.force_login(tree.users.admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response["X-DB-Route"] == f"primary; {reason}"


def test_after_saving_the_user_reads_their_own_write_from_the_primary(routing, client, tree, period):
    routing(CAUGHT_UP)
    client.force_login(tree.users.admin)
    # The language switch is a small write every page offers; any write that succeeds will do.
    saved = client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert saved.status_code == 302 and WROTE_COOKIE in saved.cookies
    assert client.get(DASHBOARD)["X-DB-Route"] == "primary; recent-write"
    del client.cookies[WROTE_COOKIE]
    assert client.get(DASHBOARD)["X-DB-Route"] == "replica"


def test_an_unmarked_page_reads_from_the_primary(routing, client, tree, period):
    fake = routing(CAUGHT_UP)
    client.force_login(tree.users.admin)
    response = client.get("/reports/HP-A-01/2026H1/")
    assert response["X-DB-Route"] == "primary; not-marked"
    assert fake.calls == 0


def test_a_replica_failing_during_the_page_means_the_page_is_read_again_from_the_primary(routing, rf):
    fake = routing(CAUGHT_UP, DOWN)
    seen: list[str | None] = []

    @reads_from_replica
    def page(request):
        seen.append(current_read_alias())
        if current_read_alias() is not None:
            raise OperationalError("terminating connection due to administrator command")
        return HttpResponse("ok")

    request = rf.get("/dashboard/HP/2026H1/")
    response = ReplicaRouteMiddleware(page)(request)
    assert response.status_code == 200
    assert response["X-DB-Route"] == "primary; replica-failed"
    assert seen == ["default", None]
    # The failure was confirmed by a fresh look, so the next pages skip the replica for a while.
    assert fake.calls == 2
    assert probe.cache.state == DOWN
    assert choose(rf.get("/"), "default").reason == "replica-down"


def test_a_failure_of_the_primary_itself_is_not_hidden(routing, rf):
    routing(CAUGHT_UP)

    @reads_from_replica
    def page(request):
        raise OperationalError("the primary is gone too")

    with pytest.raises(OperationalError):
        page(rf.get("/dashboard/HP/2026H1/"))


def test_the_marked_pages_are_the_heavy_read_only_ones():
    from django.urls import resolve

    marked = ["/dashboard/HP/2026H1/", "/dashboard/HP/2026H1/breakdown/", "/settings/classification/",
              "/overview/HP/2026H1/", "/reports/HP/2026H1/proposals/", "/plans/HP/coverage/"]
    for url in marked:
        assert getattr(resolve(url).func, "reads_from_replica", False), url
    for url in ["/reports/HP-A-01/2026H1/", "/overview/HP/2026H1/remind/", "/plans/HP/"]:
        assert not getattr(resolve(url).func, "reads_from_replica", False), url


@pytest.mark.django_db
def test_the_probe_query_runs_on_this_database_and_a_primary_counts_as_caught_up():
    # On PostgreSQL (make test's second phase) this runs the real LSN queries; a server that is
    # not a standby has no replay position and so nothing to wait for.
    assert probe.measure("default") == CAUGHT_UP


class UnreachableReplica:
    vendor = "postgresql"
    closed = False

    def cursor(self):
        raise OperationalError('connection to server at "127.0.0.1", port 55434 failed: Connection refused')

    def ensure_connection(self):
        self.cursor()

    def close(self):
        self.closed = True


@pytest.mark.django_db
def test_an_unreachable_replica_is_down_and_its_connection_dropped(monkeypatch):
    from django.db import connections

    replica = UnreachableReplica()
    monkeypatch.setattr(probe, "connections", {"default": connections["default"], "replica": replica})
    assert probe.measure("replica") == DOWN
    assert replica.closed
