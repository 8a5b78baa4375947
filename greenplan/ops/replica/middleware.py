"""The read-your-writes window and the optional route header.

After a write that succeeded (POST, PUT, PATCH or DELETE answered below 400), the browser gets
a signed cookie that lives READ_YOUR_WRITES_SECONDS: while it lives, replica-safe pages read
from the primary, so the person who just saved a figure sees it on the overview at once, even
if the replica is a moment behind. With DB_ROUTE_HEADER on, every response says where its
reads went (`X-DB-Route: replica` or `primary; <reason>`), for tests and measurements.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from greenplan.ops.replica.routing import PRIMARY, replica_alias
from greenplan.ops.replica.views import ROUTE_ATTR, WROTE_COOKIE, WROTE_SALT, Route

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ReplicaRouteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in WRITE_METHODS and response.status_code < 400 and replica_alias() is not None:
            response.set_signed_cookie(
                WROTE_COOKIE, str(int(time.time())), salt=WROTE_SALT,
                max_age=settings.READ_YOUR_WRITES_SECONDS, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        if settings.DB_ROUTE_HEADER:
            route: Route = getattr(request, ROUTE_ATTR, Route(PRIMARY, "not-marked"))
            response["X-DB-Route"] = route.route if route.route != PRIMARY else f"{PRIMARY}; {route.reason}"
        return response
