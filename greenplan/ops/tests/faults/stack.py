"""The real stack of the fault tests: a throwaway PostgreSQL cluster, gunicorn and the task worker.

The cluster is a SEPARATE one (initdb into a temporary directory, its own port) because the
tests restart it; the shared test server on 127.0.0.1:5432 is never touched.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]
MANAGE = ROOT / "manage.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


@dataclass
class Cluster:
    directory: Path
    port: int
    bindir: Path = field(default_factory=lambda: Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]))

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/greenplan_faults"

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.directory), "-l",
                                     str(self.directory / "server.log"), "-w", *args]),
                       check=True, stdout=subprocess.DEVNULL, timeout=60)

    def create(self) -> None:
        self.directory.mkdir(parents=True)
        if os.getuid() == 0:  # the server runs as postgres: it must reach and own its directory
            self.directory.parent.chmod(0o755)
            shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run(_as_postgres([str(self.bindir / "initdb"), "-D", str(self.directory), "-U", "postgres",
                                     "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=120)
        with (self.directory / "postgresql.conf").open("a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.directory}'\nfsync = off\n")
        self.start()
        subprocess.run(_as_postgres([str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", "greenplan_faults"]), check=True, timeout=60)

    def start(self) -> None:
        self._ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", "-m", mode)

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")


@dataclass
class Stack:
    env: dict[str, str]
    tmp: Path
    port: int = field(default_factory=free_port)
    gunicorn: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, command: list[str], log: str) -> subprocess.Popen:
        return subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=(self.tmp / log).open("ab"),
                                stderr=subprocess.STDOUT, start_new_session=True)

    def start_gunicorn(self, workers: int = 3) -> None:
        self.gunicorn = self._spawn([str(GUNICORN), "greenplan.wsgi", "--bind", f"127.0.0.1:{self.port}",
                                     "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "10",
                                     "--no-control-socket"], "gunicorn.log")

    def start_worker(self) -> None:
        self.worker = self._spawn([sys.executable, str(MANAGE), "db_worker", "--no-reload", "--no-startup-delay",
                                   "--interval", "0.2"], "worker.log")

    def gunicorn_workers(self) -> list[int]:
        assert self.gunicorn is not None
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(MANAGE), *args], env=self.env, cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout)

    def stop(self) -> None:
        for process in (self.gunicorn, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(5)

    def log(self, name: str) -> str:
        path = self.tmp / name
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def call(self, method: str, path: str, body: Any = None, token: str = "", timeout: float = 20,
             data: bytes | None = None, content_type: str = "application/json") -> tuple[int, Any]:
        """(status, JSON body or text); status 0 when the connection failed."""
        headers = {"Accept-Language": "vi"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return 0, None
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.call("GET", "/healthz", timeout=5)[0] == 200:
                return
            time.sleep(0.3)
        raise AssertionError(f"the stack did not answer /healthz:\n{self.log('gunicorn.log')}")

    def token(self) -> str:
        status, body = self.call("POST", "/api/v1/auth/token", {"username": "flt-admin", "password": "green-2030"})
        assert status == 200, (status, body)
        return str(body["token"])


def multipart(name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "greenplanfaultboundary7x"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
