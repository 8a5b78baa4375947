"""Requests the live server is still answering, so a browser test can wait for none to be left.

A browser test's database is flushed at teardown. On SQLite the live server's threads share the
test's connection: a request still running then can roll the flush back inside its own
transaction and leave the last test's rows for the next one. The middleware is only in the test
settings.
"""

import threading
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_lock = threading.Condition()
_running = 0
_served = 0
_closed = False  # after a browser test, until the next test starts: a late request is refused


class InFlightMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        global _running, _served
        with _lock:
            if _closed:
                return HttpResponse("The test has ended.", status=503, content_type="text/plain")
            _running += 1
            _served += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _running -= 1
                _lock.notify_all()


def close() -> None:
    """Refuse every request from now on, before touching the database, until `reopen`."""
    global _closed
    with _lock:
        _closed = True


def reopen() -> None:
    global _closed
    with _lock:
        _closed = False


def wait_until_idle(timeout: float = 10.0) -> bool:
    """True once no request is running; False if some still ran after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with _lock:
        while _running:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _lock.wait(left)
    return True


def served() -> int:
    """How many requests reached the server since the test process started."""
    with _lock:
        return _served
