"""Error pages for people (the API answers JSON through greenplan.api.middleware)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django answers a form over DATA_UPLOAD_MAX_MEMORY_SIZE with a bare 400; say what happened."""
    if isinstance(exception, RequestDataTooBig):
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"
        return render(request, "413.html", {"limit": limit}, status=413)
    return defaults.bad_request(request, exception)
