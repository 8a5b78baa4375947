"""The nginx of `make serve` (deploy/nginx.conf.template through scripts/nginx_conf.sh), run for
real in front of a tiny stand-in app: static caching, /media/ refused, the request id passed on,
the JSON access log. Skipped where nginx is not installed (scripts/ensure_nginx.sh installs it)."""

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


class EchoApp(BaseHTTPRequestHandler):
    """Answers with the headers nginx sent it, as JSON."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = json.dumps({"path": self.path, "request_id": self.headers.get("X-Request-ID"),
                           "proto": self.headers.get("X-Forwarded-Proto")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def proxy(tmp_path):
    app = ThreadingHTTPServer(("127.0.0.1", 0), EchoApp)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "app.0123456789ab.css").write_text("body{}")
    (static / "css" / "app.css").write_text("body{}")
    serve = tmp_path / "serve"
    (serve / "nginx-tmp").mkdir(parents=True)
    port = free_port()
    conf = subprocess.run(
        ["bash", str(Path(settings.BASE_DIR) / "scripts/nginx_conf.sh"), str(serve), str(port),
         f"127.0.0.1:{app.server_address[1]}", str(static)],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin", "NGINX_USER": "root"},
    ).stdout
    (serve / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen([NGINX, "-p", str(serve), "-c", str(serve / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield base, serve, conf
    finally:
        nginx.terminate()
        nginx.wait(10)
        app.shutdown()


def test_nginx_serves_static_files_with_long_cache_for_hashed_names_only(proxy):
    base, _serve, _conf = proxy
    status, headers, body = get(base + "/static/css/app.0123456789ab.css")
    assert (status, body) == (200, b"body{}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = get(base + "/static/css/app.css")
    assert status == 200 and headers["Cache-Control"] == "max-age=3600"


def test_nginx_never_serves_uploads_and_passes_a_request_id_to_the_app(proxy):
    base, serve, conf = proxy
    assert get(base + "/media/jobs/secret.xlsx")[0] == 404
    status, _headers, body = get(base + "/reports/?q=bi-mat")
    answer = json.loads(body)
    assert status == 200 and answer["path"] == "/reports/?q=bi-mat"
    assert len(answer["request_id"]) == 32 and answer["proto"] == "http"
    time.sleep(0.2)  # nginx writes its access log line after the answer
    lines = [json.loads(line) for line in (serve / "nginx-access.log").read_text().splitlines()]
    line = next(item for item in lines if item["request_id"] == answer["request_id"])
    assert line | {"method": "GET", "path": "/reports/", "status": 200} == line  # no query string
    assert "daemon off;" in conf
    assert not re.search(r"@[A-Z_]+@", "\n".join(ln for ln in conf.splitlines() if not ln.startswith("#")))
