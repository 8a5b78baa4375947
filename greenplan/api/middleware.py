"""The edge of the API: refuse a body it cannot read before anything reads it, and answer every
error under /api/ as JSON `{"detail"}` — including Django's own 404, 405, 400 and 500 pages,
which would otherwise show HTML, and with DEBUG on a traceback or the list of URL patterns.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from greenplan.api.errors import default_message, plain_json_error, unknown_path_message
from greenplan.api.parser import JSON, MULTIPART, too_big, wrong_type

KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def body_refusal(request: HttpRequest) -> HttpResponse | None:
    """415 for a body that is neither JSON nor multipart, 400 for multipart without a boundary,
    413 by the announced length (before Django reads or spools a byte)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return None
    if request.content_type == MULTIPART:
        if not (request.content_params or {}).get("boundary"):
            return plain_json_error(400, _("Yêu cầu multipart/form-data thiếu tham số boundary."))
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
    elif request.content_type == JSON:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    else:
        error = wrong_type("application/json (UTF-8)")
        return plain_json_error(error.status_code, error.message)
    if length > limit:
        error = too_big(limit)
        return plain_json_error(error.status_code, error.message)
    return None


def as_json(response: HttpResponse) -> HttpResponse:
    if response.status_code < 400 or response.get("Content-Type", "").startswith(JSON):
        return response
    status = response.status_code
    answer = plain_json_error(status, unknown_path_message() if status == 404 else default_message(status))
    for header in KEPT_HEADERS:
        if header in response:
            answer[header] = response[header]
    return answer


class ApiEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        return as_json(body_refusal(request) or self.get_response(request))
