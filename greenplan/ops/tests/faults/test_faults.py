"""Faults on the real stack (issue #15, part 4): gunicorn workers, the task worker and PostgreSQL
killed or restarted in the middle of saves, submissions and imports.

Slow (a minute or more each: real processes, a database cluster of their own): marked `faults`,
left out of `make test`, run by `make faults`. Each test prints its figures (`-s` shows them).
"""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from decimal import Decimal

import pytest

from greenplan.ops.tests.faults.stack import ROOT, Cluster, Stack, free_port, multipart

pytestmark = pytest.mark.faults

PERIOD = "2026H1"
SUBMIT_UNITS = [f"FLT-01-{i:04d}" for i in range(1, 7)]  # filled by the seed, ready to submit
SAVE_UNITS = [f"FLT-01-{i:04d}" for i in range(7, 13)]


class Saves:
    """One thread per unit saving its report again and again: values and narrative tagged `n`.

    Each save writes three things that must agree (two values and a narrative), so a half-made
    save shows. Every answer is kept: (n, status, seconds since the start).
    """

    def __init__(self, stack: Stack, token: str, units: list[str]):
        self.stack, self.token, self.units = stack, token, units
        self.results: dict[str, list[tuple[int, int, float]]] = {unit: [] for unit in units}
        self.started = time.monotonic()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(unit,), daemon=True) for unit in units]

    def _run(self, unit: str) -> None:
        n = 0
        path = f"/api/v1/reports/{unit}/{PERIOD}"
        while not self.stop.is_set():
            n += 1
            status, body = self.stack.call("GET", path, token=self.token, timeout=30)
            if status == 200:
                status, body = self.stack.call("PUT", path, {
                    "version": body["version"],
                    "values": {"G7_PROCUREMENT_TOTAL": 1000 + n, "G7_PROCUREMENT_GREEN": n},
                    "narrative": {"results": f"lần lưu {n}"},
                }, token=self.token, timeout=30)
            else:
                status = -status or -1  # the read failed: no save was sent
            self.results[unit].append((n, status, time.monotonic() - self.started))
            time.sleep(0.05)

    def __enter__(self) -> "Saves":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def all(self) -> list[tuple[int, int, float]]:
        return [row for rows in self.results.values() for row in rows]

    def check_nothing_partial(self) -> None:
        """Each report holds one whole save: the last one answered 200, or a later one whose
        answer was lost (the worker died after the commit) — never a mix, never an older one."""
        for unit, rows in self.results.items():
            status, report = self.stack.call("GET", f"/api/v1/reports/{unit}/{PERIOD}", token=self.token)
            assert status == 200, (unit, status, report)
            total, green = report["values"]["G7_PROCUREMENT_TOTAL"], report["values"]["G7_PROCUREMENT_GREEN"]
            n = int(Decimal(str(green)))
            assert Decimal(str(total)) == 1000 + n, (unit, report["values"])
            assert report["narrative"]["results"] == f"lần lưu {n}", (unit, report["narrative"], n)
            saved = [k for k, code, _t in rows if code == 200]
            lost = {k for k, code, _t in rows if code not in (200,) and code >= 0}
            last = max(saved, default=0)
            assert n >= last, (unit, n, last)
            assert n == last or n in lost, (unit, n, last, sorted(lost))


def check_rollups(stack: Stack) -> None:
    result = stack.manage("check_rollups")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all stored totals match" in result.stdout


def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_gunicorn_worker_leaves_whole_saves_and_submissions_and_is_replaced(stack: Stack):
    token = stack.token()
    workers = stack.gunicorn_workers()
    assert len(workers) == 3
    killed: list[int] = []
    submits: dict[str, int] = {}
    with Saves(stack, token, SAVE_UNITS) as saves:
        for number, unit in enumerate(SUBMIT_UNITS):
            submits[unit] = stack.call("POST", f"/api/v1/reports/{unit}/{PERIOD}/submit", {}, token=token)[0]
            if number in (1, 3):  # saves are in flight on every worker: kill one, then another
                victim = stack.gunicorn_workers()[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            time.sleep(0.8)
        time.sleep(1.5)
    respawn = wait_for(lambda: len(stack.gunicorn_workers()) == 3 and not set(killed) & set(stack.gunicorn_workers()),
                       30, "the master to replace its killed workers")

    rows = saves.all()
    failed = [row for row in rows if row[1] != 200]
    print(f"\n[faults a] {len(rows)} saves, {len(failed)} failed ({sorted({r[1] for r in failed})}); "
          f"2 workers killed, replaced {respawn:.1f} s after the check began; submits {submits}")
    assert len(rows) > 20
    saves.check_nothing_partial()
    for unit, status in submits.items():
        _s, report = stack.call("GET", f"/api/v1/reports/{unit}/{PERIOD}", token=token)
        if status == 200:
            assert report["status"] == "submitted", unit
        else:
            assert report["status"] in ("draft", "submitted"), (unit, status, report["status"])
    check_rollups(stack)


def test_a_killed_task_worker_leaves_its_import_failed_with_a_message_never_running(stack: Stack):
    token = stack.token()
    data, content_type = multipart("files", "mau-bao-cao.zip", (stack.tmp / "import.zip").read_bytes())
    status, job = stack.call("POST", "/api/v1/imports", data=data, content_type=content_type, token=token, timeout=60)
    assert status == 202, (status, job)
    path = f"/api/v1/imports/{job['id']}"

    def progress() -> dict:
        return stack.call("GET", path, token=token)[1]

    # Past the checking stage (0–40 %): some files are saved, the others not yet.
    wait_for(lambda: progress()["status"] == "running" and progress()["progress"] >= 50, 180,
             "the import to be saving files")
    assert stack.worker is not None
    os.killpg(stack.worker.pid, signal.SIGKILL)
    stack.worker.wait(10)
    at_kill = progress()
    assert at_kill["status"] == "running"  # what a killed worker leaves

    killed_at = time.monotonic()
    stack.start_worker()
    ended = wait_for(lambda: progress()["status"] not in ("queued", "running"), 60, "the dead import to end")
    final = progress()
    print(f"\n[faults b] worker killed at {at_kill['progress']} %; the import ended '{final['status']}' "
          f"{ended:.1f} s after a new worker started ({time.monotonic() - killed_at:.1f} s after the kill)")
    assert final["status"] == "failed"
    assert "Tiến trình xử lý đã dừng bất thường" in final["errors"][0]["message"]
    assert "các tệp đã lưu trước khi dừng vẫn được giữ" in final["errors"][0]["message"]
    # Each file is saved whole or not at all: a report of the district holds every value or none.
    saved = 0
    for i in range(1, 151):
        _s, report = stack.call("GET", f"/api/v1/reports/FLT-02-{i:04d}/{PERIOD}", token=token)
        filled = [value is not None for code, value in report["values"].items()
                  if code in ("MEMBERS", "WORKERS", "G7_PROCUREMENT_TOTAL", "G7_PROCUREMENT_GREEN")]
        assert all(filled) or not any(filled), (i, report["values"])
        saved += all(filled)
    print(f"[faults b] {saved} of 150 files had been saved (each whole) before the kill")
    check_rollups(stack)
    stack.wait_healthy()
    assert stack.call("GET", "/healthz")[1]["checks"]["worker"]["status"] == "ok"


def test_a_postgresql_restart_mid_saves_fails_cleanly_and_the_app_recovers_by_itself(stack: Stack, cluster: Cluster):
    token = stack.token()
    with Saves(stack, token, SAVE_UNITS) as saves:
        time.sleep(1.5)
        went_down = time.monotonic() - saves.started
        cluster.stop("fast")
        time.sleep(3)  # an outage of a few seconds, requests keep coming
        during = stack.call("GET", f"/api/v1/reports/{SAVE_UNITS[0]}/{PERIOD}", token=token, timeout=30)
        page = stack.call("GET", "/accounts/login/", timeout=30)
        health = stack.call("GET", "/healthz", timeout=30)
        cluster.start()
        came_back = time.monotonic() - saves.started
        time.sleep(3)
    rows = saves.all()
    outage = [row for row in rows if went_down <= row[2] <= came_back + 0.5]
    failed = [row for row in rows if row[1] != 200]
    after = sorted(row[2] for row in rows if row[1] == 200 and row[2] > came_back)
    recovery = (after[0] - came_back) if after else None
    print(f"\n[faults c] {len(rows)} saves; database down {came_back - went_down:.1f} s; {len(outage)} answered "
          f"during the outage, {len(failed)} failed (statuses {sorted({r[1] for r in failed})}); the first save "
          f"succeeded {recovery if recovery is None else round(recovery, 2)} s after PostgreSQL was back; during "
          f"the outage: API {during[0]}, page {page[0]}, /healthz {health[0]}")
    assert during[0] in (500, 503) and isinstance(during[1], dict) and "detail" in during[1], during
    assert page[0] in (200, 500)  # the sign-in page needs no database; any other page gets the 500 page
    assert health[0] == 503 and health[1]["status"] == "down"
    assert all(status != 0 for _n, status, _t in rows), "every request got an answer, none hung or was cut"
    assert recovery is not None and recovery < 10
    saves.check_nothing_partial()
    stack.wait_healthy(30)
    # The task worker outlived the outage: it beats again, without a restart.
    wait_for(lambda: stack.call("GET", "/healthz")[1]["checks"]["worker"]["status"] == "ok", 20, "the worker's beat")
    assert stack.worker is not None and stack.worker.poll() is None
    check_rollups(stack)


def test_make_serve_runs_nginx_gunicorn_and_the_worker_restarts_a_killed_worker_and_stops_on_sigterm(
        cluster: Cluster, tmp_path):
    """scripts/serve.sh itself, on the throwaway cluster (no demo): the whole chain answers through
    nginx, a killed task worker is started again, SIGTERM stops every child."""

    port, app_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env |= {"DATABASE_URL": cluster.url, "PORT": str(port), "APP_PORT": str(app_port), "LOAD_DEMO": "0",
            "VAR_DIR": str(tmp_path / "var"), "SERVE_DIR": str(tmp_path / "serve"),
            "STATIC_ROOT": str(tmp_path / "static"), "NGINX_USER": "root", "WEB_CONCURRENCY": "2",
            "JOB_HEARTBEAT_SECONDS": "0.5", "WORKER_STALE_SECONDS": "3", "HEALTH_DISK_MIN_FREE_MB": "0"}
    serve = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=(tmp_path / "serve.log").open("w"),
                             stderr=subprocess.STDOUT, start_new_session=True)
    front = Stack(env=env, tmp=tmp_path, port=port)
    try:
        front.wait_healthy(240)
        # gunicorn and the worker start together: the worker's first beat may follow the first answer.
        wait_for(lambda: front.call("GET", "/healthz")[1]["checks"]["worker"]["status"] == "ok", 30,
                 "the worker's first beat")
        request = urllib.request.Request(front.base + "/accounts/login/", headers={"X-Request-ID": "abcdef0123456789"})
        with urllib.request.urlopen(request, timeout=20) as page:
            assert page.status == 200 and page.headers["Server"] == "nginx"
            request_id = page.headers["X-Request-ID"]
        assert len(request_id) == 32  # nginx's own id, not the client's
        lines = [json.loads(line) for line in (tmp_path / "serve" / "app.log").read_text().splitlines()]
        assert any(line.get("request_id") == request_id and line.get("status") == 200 for line in lines)

        worker = int((tmp_path / "serve" / "worker.pid").read_text())
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: (tmp_path / "serve" / "worker.pid").read_text().strip() not in ("", str(worker)), 30,
                 "serve.sh to start the worker again")
        wait_for(lambda: front.call("GET", "/healthz")[1]["checks"]["worker"]["workers"] >= 1, 60,
                 "the new worker's beat")
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(60)
        finally:
            left = subprocess.run(["pgrep", "-s", str(serve.pid)], capture_output=True, text=True).stdout.split()
            if left:
                os.killpg(serve.pid, signal.SIGKILL)
    assert serve.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert not left, f"processes left after SIGTERM: {left}"
