"""Deadline day (issue #15): reporters save and submit, approvers approve and return, officers
read dashboards and exports, all at once. Run by bench/load.sh against gunicorn on 127.0.0.1.

LOAD_DIR holds accounts.json from bench/load_accounts.py; every write the server accepted is
appended to LOAD_DIR/accepted.jsonl so that bench/load_verify.py can prove none was lost.
LOAD_MAX_REQUESTS bounds the run in count (locust's -t bounds it in time).

Reporters and approvers use the REST API with their bearer tokens (DESIGN.md); officers sign in
on the login page (session + CSRF) and read the province dashboard and its CSV export.
"""

import json
import os
import random
import resource
from collections import deque
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

LOAD_DIR = Path(os.environ.get("LOAD_DIR", "var/load/run"))
ACCOUNTS = json.loads((LOAD_DIR / "accounts.json").read_text())
PERIOD = ACCOUNTS["period"]
INDICATORS = ACCOUNTS["indicators"]
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))

editable: deque[dict] = deque(ACCOUNTS["reporters"])  # units a reporter may take up
waiting: deque[tuple[dict, int]] = deque()  # submitted units and their version, for an approver
accepted = open(LOAD_DIR / "accepted.jsonl", "a")  # noqa: SIM115  # open for the whole run
sent = 0


def record(kind: str, unit: str, version: int, **extra: Any) -> None:
    accepted.write(json.dumps({"kind": kind, "unit": unit, "version": version, **extra}) + "\n")


@events.request.add_listener
def _count(**_kwargs: Any) -> None:
    global sent
    sent += 1
    if sent == MAX_REQUESTS:
        runner = _count.runner  # type: ignore[attr-defined]
        runner.quit()


@events.init.add_listener
def _keep_runner(environment: Any, **_kwargs: Any) -> None:
    _count.runner = environment.runner  # type: ignore[attr-defined]


@events.quitting.add_listener
def _flush(**_kwargs: Any) -> None:
    accepted.flush()
    # The load generator shares the 2 cores with the server: bench/load_report.py counts its CPU.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    (LOAD_DIR / "locust-cpu.json").write_text(json.dumps({"seconds": usage.ru_utime + usage.ru_stime}))


def report_url(unit: str) -> str:
    return f"/api/v1/reports/{unit}/{PERIOD}"


class Reporter(HttpUser):
    """Takes up one editable unit at a time: reads it, saves one to three times, submits."""

    weight = 6
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.current: dict | None = None
        self.version = 0
        self.saves_left = 0

    def headers(self) -> dict[str, str]:
        assert self.current is not None
        return {"Authorization": f"Bearer {self.current['token']}"}

    @task
    def work(self) -> None:
        if self.current is None and not self.take_up():
            return
        assert self.current is not None
        if self.saves_left > 0:
            self.save()
        else:
            self.submit()

    def take_up(self) -> bool:
        if not editable:
            return False
        self.current = editable.popleft()
        with self.client.get(report_url(self.current["unit"]), headers=self.headers(), name="read report",
                             catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                self.current = None
                return False
            body = r.json()
        if body["status"] not in ("draft", "returned"):
            self.current = None  # taken up before this run ended: not ours any more
            return False
        self.version = body["version"]
        self.saves_left = random.randint(1, 3)
        return True

    def save(self) -> None:
        assert self.current is not None
        values = {ind["code"]: random.randint(ind["min"], ind["max"])
                  for ind in random.sample(INDICATORS, k=random.randint(1, 3))}
        with self.client.put(report_url(self.current["unit"]), json={"version": self.version, "values": values},
                             headers=self.headers(), name="save", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            self.version = r.json()["version"]
        record("save", self.current["unit"], self.version, values=values)
        self.saves_left -= 1

    def submit(self) -> None:
        assert self.current is not None
        with self.client.post(report_url(self.current["unit"]) + "/submit", json={"version": self.version},
                              headers=self.headers(), name="submit", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            self.version = r.json()["version"]
        record("submitted", self.current["unit"], self.version)
        waiting.append((self.current, self.version))
        self.current = None


class Approver(HttpUser):
    """Decides the oldest submitted report: approves three in four, returns the rest."""

    weight = 2
    wait_time = between(0.2, 1.0)

    @task
    def decide(self) -> None:
        if not waiting:
            return
        unit, version = waiting.popleft()
        headers = {"Authorization": f"Bearer {unit['approver']}"}
        if random.random() < 0.75:
            kind, body = "approved", {"version": version}
        else:
            kind, body = "returned", {"version": version, "comment": "Số liệu nhóm 5 cần kiểm tra lại."}
        action = "approve" if kind == "approved" else "return"
        with self.client.post(f"{report_url(unit['unit'])}/{action}", json=body, headers=headers, name=action,
                              catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            version = r.json()["version"]
        record(kind, unit["unit"], version)
        if kind == "returned":
            editable.append(unit)


class Officer(HttpUser):
    """A province officer with a browser session: the dashboard, now and then its CSV export."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.officer = random.choice(ACCOUNTS["officers"])
        self.client.get("/accounts/login/", name="login page")
        token = self.client.cookies.get("csrftoken")
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": self.officer["username"], "password": ACCOUNTS["password"],
                                    "csrfmiddlewaretoken": token}) as r:
            if r.status_code != 302:
                r.failure(f"login refused: {r.status_code}")
                raise StopUser()

    def dashboard_url(self) -> str:
        return f"/dashboard/{self.officer['province']}/{PERIOD}/"

    @task(3)
    def dashboard(self) -> None:
        self.client.get(self.dashboard_url(), name="dashboard")

    @task(1)
    def export(self) -> None:
        self.client.get(self.dashboard_url() + "?table=units&format=csv", name="export")
