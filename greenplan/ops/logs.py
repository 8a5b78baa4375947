"""Structured logs: one JSON object per line, and one line per request carrying its request id.

With LOG_FORMAT=json (settings.LOGGING), every record — the request lines of
RequestLogMiddleware and the application's own logs — is written by JsonFormatter, and each
record made while a request is served carries that request's id (RequestIdFilter). The id
comes from nginx's X-Request-ID header when it is a plain token (so the proxy's access log and
the app's lines can be joined), else a new one; it is sent back in the response's X-Request-ID.

Imported by the logging configuration before the apps are ready: no model imports here.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("greenplan.request")

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# nginx's $request_id is 32 hex digits; a load balancer's may be a UUID. Anything else is replaced.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"

# The attributes every LogRecord has: the rest were given through `extra=` and go into the line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (None outside a request) to every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", …extra fields, "exc"?} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user (pages) or the token's user (the API sets `request.auth`)."""
    for user in (getattr(request, "user", None), getattr(request, "auth", None)):
        if user is not None and getattr(user, "is_authenticated", False):
            return user.pk
    return None


class RequestLogMiddleware:
    """First in MIDDLEWARE: times the whole request and writes its line to "greenplan.request".

    The path is logged without its query string (search words, tokens). The line is written at
    INFO, which the logging settings enable only with LOG_FORMAT=json: otherwise gunicorn's
    access log already says it, and the cost here is one `isEnabledFor`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            if request_logger.isEnabledFor(logging.INFO):
                request_logger.info(
                    "%s %s %s", request.method, request.path, response.status_code,
                    extra={"method": request.method, "path": request.path, "status": response.status_code,
                           "ms": round((time.perf_counter() - started) * 1000, 1), "user_id": _user_id(request)},
                )
            return response
        finally:
            current_request_id.reset(token)
