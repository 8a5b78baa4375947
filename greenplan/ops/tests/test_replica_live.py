"""The router against a real streaming replica (marker `replica`, `make replica-test`; slow).

scripts/replica.sh starts a throwaway primary and replica on the loopback (ports 55433 and
55434, never the shared test server); the demo province is loaded into the primary once;
gunicorn serves greenplan with REPLICA_URL and the X-DB-Route header. Then, over HTTP as a
browser would: the dashboard comes from the replica; an approver who approves a report sees it
on the overview at once although the replica's replay is paused; a replica paused too long is
skipped as lagging; and the replica stopped in the middle of a loop of dashboard requests
costs no error: the route falls back to the primary and returns when the replica is back.
The figures measured are printed (run with -s) and copied into docs/deploy.md.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests

pytestmark = pytest.mark.replica

ROOT = Path(__file__).resolve().parents[3]
PY = sys.executable
DB = os.environ.get("REPLICA_DB", "greenplan")
PASSWORD = "green-2030"
MAX_LAG = 2  # REPLICA_MAX_LAG_SECONDS of the server under test: short, to see it act quickly


def figure(text: str) -> None:
    print(f"REPLICA FIGURE: {text}", flush=True)


def replica_sh(*args: str) -> str:
    return subprocess.run(["bash", str(ROOT / "scripts/replica.sh"), *args], check=True,
                          capture_output=True, text=True, cwd=ROOT).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Live:
    url: str
    primary_url: str
    replica_url: str

    def primary(self) -> psycopg.Connection:
        return psycopg.connect(self.primary_url, autocommit=True)

    def replica(self) -> psycopg.Connection:
        return psycopg.connect(self.replica_url, autocommit=True)


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    urls = dict(line.split("=", 1) for line in replica_sh("start").split())
    env = {**os.environ, "DATABASE_URL": urls["DATABASE_URL"], "DEBUG": "0",
           "SECRET_KEY": "replica-test-only-secret-key-0123456789-abcdefghijklmnop",
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
           "SECURE_HSTS_SECONDS": "0", "STATIC_ROOT": str(ROOT / "var/replica-static"),
           "DJANGO_SETTINGS_MODULE": "greenplan.settings"}
    env.pop("REPLICA_URL", None)
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--if-empty"],
                    ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *command], env=env, cwd=ROOT, check=True)
    port = free_port()
    server_env = {**env, "REPLICA_URL": urls["REPLICA_URL"], "DB_ROUTE_HEADER": "1",
                  "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG), "LOG_LEVEL": "WARNING"}
    log = open(ROOT / "var/replica-gunicorn.log", "w")  # closed in the finally below
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "greenplan.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--no-control-socket", "--timeout", "60"],
        env=server_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(f"{url}/healthz", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            raise AssertionError("gunicorn did not answer; see var/replica-gunicorn.log")
        yield Live(url, urls["DATABASE_URL"], urls["REPLICA_URL"])
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        replica_sh("start-replica")  # leave the pair as found: both running
        with psycopg.connect(urls["REPLICA_URL"], autocommit=True) as c:
            c.execute("SELECT pg_wal_replay_resume()")


def signed_in(live: Live, username: str) -> requests.Session:
    """A browser session; the window the sign-in itself opened is dropped so reads may use the replica."""
    s = requests.Session()
    s.get(f"{live.url}/accounts/login/", timeout=30)
    r = s.post(f"{live.url}/accounts/login/", timeout=30, allow_redirects=False,
               data={"username": username, "password": PASSWORD,
                     "csrfmiddlewaretoken": s.cookies["csrftoken"]},
               headers={"Referer": f"{live.url}/accounts/login/"})
    assert r.status_code == 302, r.text[:500]
    s.cookies.pop("gp_wrote", None)
    return s


def route_of(response: requests.Response) -> str:
    return response.headers["X-DB-Route"]


def wait_for(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds until condition() held; fails after timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s")


DASHBOARD = "/dashboard/HP/{period}/"


def open_period(live: Live) -> str:
    with live.primary() as c:
        return c.execute("SELECT code FROM reporting_period ORDER BY is_open DESC, code DESC LIMIT 1").fetchone()[0]


def test_the_dashboard_is_read_from_the_replica_and_timed_against_the_primary(live):
    admin, writer = signed_in(live, "admin"), signed_in(live, "admin")
    url = live.url + DASHBOARD.format(period=open_period(live))
    on_replica, on_primary = [], []
    for _ in range(15):
        started = time.monotonic()
        r = admin.get(url, timeout=60)
        on_replica.append(time.monotonic() - started)
        assert r.status_code == 200 and route_of(r) == "replica"
        # A small write (the language switch) opens this session's window: its reads use the primary.
        writer.post(f"{live.url}/i18n/setlang/", data={"language": "vi", "next": "/",
                                                       "csrfmiddlewaretoken": writer.cookies["csrftoken"]},
                    headers={"Referer": live.url + "/"}, allow_redirects=False, timeout=30)
        started = time.monotonic()
        r = writer.get(url, timeout=60)
        on_primary.append(time.monotonic() - started)
        assert r.status_code == 200 and route_of(r) == "primary; recent-write"
    figure(f"dashboard HP median: replica {statistics.median(on_replica) * 1000:.0f} ms, "
           f"primary {statistics.median(on_primary) * 1000:.0f} ms (15 each, interleaved)")


def submitted_report(live: Live) -> tuple[str, str, int, str]:
    """A submitted report whose direct superior has a demo approver: (unit, period, version, approver)."""
    with live.primary() as c:
        row = c.execute("""
            SELECT u.code, p.code, r.version, lower(sup.code)
            FROM reporting_report r
            JOIN orgs_unit u ON u.id = r.unit_id
            JOIN reporting_period p ON p.id = r.period_id
            JOIN orgs_unit sup ON sup.path = substr(u.path, 1, length(u.path) - 4)
            JOIN accounts_user a ON a.username = lower(sup.code)
            WHERE r.status = 'submitted' AND sup.depth > 1
            ORDER BY p.is_open DESC, u.code LIMIT 1""").fetchone()
    assert row, "the demo has no submitted report under a superior with an approver"
    return row


def replica_status(live: Live, unit: str, period: str) -> str:
    with live.replica() as c:
        return c.execute("""SELECT r.status FROM reporting_report r JOIN orgs_unit u ON u.id = r.unit_id
                            JOIN reporting_period p ON p.id = r.period_id
                            WHERE u.code = %s AND p.code = %s""", (unit, period)).fetchone()[0]


def test_the_approver_sees_the_approval_at_once_while_the_replica_is_behind(live):
    unit, period, version, approver = submitted_report(live)
    s = signed_in(live, approver)
    superior = approver.upper()
    waiting = f"{live.url}/overview/{superior}/{period}/?show=waiting"
    r = s.get(waiting, timeout=60)
    assert r.status_code == 200 and route_of(r) == "replica" and unit in r.text

    with live.replica() as c:
        c.execute("SELECT pg_wal_replay_pause()")
    paused = time.monotonic()
    try:
        r = s.post(f"{live.url}/reports/{unit}/{period}/", timeout=60, allow_redirects=False,
                   data={"action": "approve", "version": version, "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": f"{live.url}/reports/{unit}/{period}/"})
        assert r.status_code == 302 and "gp_wrote" in r.cookies
        r = s.get(waiting, timeout=60)
        assert route_of(r) == "primary; recent-write"
        assert not re.search(rf"\b{re.escape(unit)}\b", r.text), "the approved report is still listed as waiting"
        # The replica has not replayed the approval: read from there, the page would be stale.
        assert replica_status(live, unit, period) == "submitted"

        # Another browser, with no recent write, is kept off the replica once it is too far behind.
        other = signed_in(live, "admin")
        dashboard = live.url + DASHBOARD.format(period=period)
        wait_for(lambda: route_of(other.get(dashboard, timeout=60)) == "primary; replica-lagging",
                 timeout=MAX_LAG + 15)
        figure(f"paused replica skipped as lagging {time.monotonic() - paused:.1f} s after its replay was paused "
               f"(bound {MAX_LAG} s, probe 1 s)")
    finally:
        with live.replica() as c:
            c.execute("SELECT pg_wal_replay_resume()")
    took = wait_for(lambda: route_of(other.get(dashboard, timeout=60)) == "replica", timeout=15)
    figure(f"replica used again {took:.2f} s after replay resumed")
    assert replica_status(live, unit, period) == "approved"


def test_replication_lag_after_a_write(live):
    """How long a committed write takes to be replayed on the replica (loopback, idle machine)."""
    lags = []
    with live.primary() as p, live.replica() as r:
        p.execute("CREATE TABLE IF NOT EXISTS replica_probe (n int)")
        for n in range(20):
            p.execute("INSERT INTO replica_probe VALUES (%s)", (n,))
            lsn = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
            started = time.monotonic()
            while r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0] is not True:
                time.sleep(0.001)
            lags.append(time.monotonic() - started)
        p.execute("DROP TABLE replica_probe")
    figure(f"replication lag after a commit: median {statistics.median(lags) * 1000:.1f} ms, "
           f"max {max(lags) * 1000:.1f} ms (20 writes)")
    assert max(lags) < MAX_LAG


@dataclass
class Loop:
    """Dashboard requests one after another in a thread, each one's time, status and route."""

    session: requests.Session
    url: str
    seen: list[tuple[float, int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                r = self.session.get(self.url, timeout=60)
                self.seen.append((time.monotonic(), r.status_code, r.headers.get("X-DB-Route", "")))
            except requests.RequestException as exc:
                self.errors.append(str(exc))

    def routes_since(self, moment: float) -> list[str]:
        return [route for t, _status, route in list(self.seen) if t >= moment]


def test_stopping_the_replica_mid_run_costs_no_error(live):
    loop = Loop(signed_in(live, "admin"), live.url + DASHBOARD.format(period=open_period(live)))
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    try:
        wait_for(lambda: loop.routes_since(0).count("replica") >= 3, timeout=60)
        stopped = time.monotonic()
        replica_sh("stop-replica")
        fallback = wait_for(lambda: any(r.startswith("primary") for r in loop.routes_since(stopped)), timeout=30)
        figure(f"fallback: first page from the primary {fallback:.2f} s after `pg_ctl stop -m fast` was called")
        wait_for(lambda: len(loop.routes_since(stopped)) >= 10, timeout=120)
        started = time.monotonic()
        replica_sh("start-replica")
        back = wait_for(lambda: "replica" in loop.routes_since(started), timeout=60)
        figure(f"back on the replica {back:.2f} s after `pg_ctl start` was called")
    finally:
        loop.stop.set()
        thread.join(timeout=120)
    statuses = [status for _t, status, _route in loop.seen]
    during = [route for t, _s, route in loop.seen if stopped <= t <= started]
    figure(f"stop/start run: {len(statuses)} dashboard requests, {statuses.count(200)} answered 200, "
           f"{len(loop.errors)} connection errors; routes while stopped: "
           + ", ".join(f"{r} ×{during.count(r)}" for r in sorted(set(during))))
    assert loop.errors == []
    assert set(statuses) == {200}
    # A page in flight when the stop was called may still have finished on the replica; from the
    # first fallback until the replica was started again, every page came from the primary.
    first = next(i for i, r in enumerate(during) if r.startswith("primary"))
    assert all(r.startswith("primary") for r in during[first:]), during
    assert first <= 1, during
