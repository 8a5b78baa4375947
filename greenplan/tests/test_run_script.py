"""`make run` serves as users get it: scripts/run.sh started as the Makefile starts it, with
gunicorn on a free port, a fresh SQLite database in a temporary VAR_DIR and no demo."""

import http.client
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # its own SQLite database, whatever the suite's engine

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_commands(pgid: int) -> list[str]:
    """Command lines of the live processes in a process group (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError):
            continue
    return found


class Server:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.log = tmp / f"run-{self.port}.log"
        env = {
            "PATH": os.environ["PATH"], "HOME": str(tmp), "LANG": "C.UTF-8",
            "VENV": str(VENV), "PORT": str(self.port), "VAR_DIR": str(tmp / "var"),
            "STATIC_ROOT": str(tmp / "staticfiles"), "LOAD_DEMO": "0", "WEB_CONCURRENCY": "2",
        }
        with self.log.open("wb") as out:
            # Its own process group, so the test can press "Ctrl-C" on the whole group.
            self.proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_until_up()

    def wait_until_up(self, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        pytest.fail("the server did not start:\n" + self.log.read_text())

    def get(self, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}", **headers})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response, body

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to the whole foreground group, as a terminal sends it."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            assert self.proc.wait(timeout=20) == 0, self.log.read_text()
        finally:
            deadline = time.monotonic() + 10
            while group_commands(self.proc.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = group_commands(self.proc.pid)
            if left:
                os.killpg(self.proc.pid, signal.SIGKILL)
            assert left == [], left


@pytest.fixture
def server(tmp_path):
    started = Server(tmp_path)
    yield started
    if started.proc.poll() is None:
        started.interrupt()


def no_debug_output(body: bytes) -> None:
    text = body.decode()
    for leak in ("Traceback", "DEBUG", "URLconf", "urlpatterns", "/greenplan/", "Django"):
        assert leak not in text, leak


def test_make_run_serves_with_debug_off_gunicorn_whitenoise_and_a_kept_secret_key(server, tmp_path):
    commands = group_commands(server.proc.pid)
    assert any("gunicorn" in c for c in commands), commands
    assert any("db_worker" in c for c in commands), commands

    response, body = server.get("/this-page-does-not-exist/")
    assert response.status == 404
    assert "Không tìm thấy trang".encode() in body
    no_debug_output(body)

    response, body = server.get("/accounts/login/")
    assert response.status == 200  # plain HTTP: no redirect to https
    assert b'<html lang="vi">' in body
    assert "Secure" not in (response.getheader("Set-Cookie") or "")
    assert "'unsafe-inline'" not in response.getheader("Content-Security-Policy")
    script = re.search(rb'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', body)
    assert script, "static files are not served under hashed names"

    response, body = server.get(script.group(1).decode(), **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")

    response, body = server.get("/accounts/login/", Host="attacker.example")
    assert response.status == 400
    assert "Yêu cầu không hợp lệ".encode() in body
    no_debug_output(body)

    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()
    assert len(key.strip()) >= 50

    server.interrupt()
    assert (tmp_path / "var" / "db.sqlite3").exists()  # data stays

    again = Server(tmp_path)
    try:
        assert again.get("/accounts/login/")[0].status == 200
        assert key_file.read_text() == key
    finally:
        again.interrupt()
