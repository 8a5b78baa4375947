"""`@reads_from_replica`: the mark on a heavy read-only page (dashboards, breakdowns, exports).

The page reads from the replica only when all of these hold: a replica is configured, the
request is a GET or HEAD, the browser has not written within READ_YOUR_WRITES_SECONDS (the
cookie the middleware sets), and the replica is up and at most REPLICA_MAX_LAG_SECONDS behind.
Otherwise it reads from the primary. If the replica fails while the page runs (stopped, a query
cancelled by recovery), the page runs again on the primary: never an error page because of it.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from greenplan.ops.replica import probe
from greenplan.ops.replica.routing import PRIMARY, REPLICA, reading_from, replica_alias

log = logging.getLogger("greenplan.ops.replica")

WROTE_COOKIE = "gp_wrote"
WROTE_SALT = "greenplan.ops.replica.wrote"
ROUTE_ATTR = "db_route"  # set on the request: (route, reason), for the X-DB-Route header


@dataclass(frozen=True)
class Route:
    route: str  # PRIMARY or REPLICA
    reason: str  # why, for the header and the logs


def wrote_recently(request: HttpRequest) -> bool:
    stamp = request.get_signed_cookie(WROTE_COOKIE, default=None, salt=WROTE_SALT,
                                      max_age=settings.READ_YOUR_WRITES_SECONDS)
    return stamp is not None


def choose(request: HttpRequest, alias: str | None) -> Route:
    """The route of one replica-safe request; the probe runs only when nothing else decides."""
    if alias is None:
        return Route(PRIMARY, "no-replica")
    if request.method not in ("GET", "HEAD"):
        return Route(PRIMARY, "write")
    if wrote_recently(request):
        return Route(PRIMARY, "recent-write")
    state = probe.replica_state(alias)
    if not state.up:
        return Route(PRIMARY, "replica-down")
    if not state.usable(float(settings.REPLICA_MAX_LAG_SECONDS)):
        return Route(PRIMARY, "replica-lagging")
    return Route(REPLICA, "ok")


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put it outermost (above @login_required): the session and the user are read from the
    primary before the page switches, so a session created a moment ago is never missed."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - loads the session and the user from the primary now
        alias = replica_alias()
        route = choose(request, alias)
        if route.route == PRIMARY:
            setattr(request, ROUTE_ATTR, route)
            return view(request, *args, **kwargs)
        try:
            with reading_from(alias):
                response = view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            assert alias is not None
            log.warning("replica read failed (%s): the page is read again from the primary", exc)
            probe.close_quietly(alias)
            if not probe.measure(alias).up:
                probe.cache.mark_down()
            setattr(request, ROUTE_ATTR, Route(PRIMARY, "replica-failed"))
            return view(request, *args, **kwargs)
        setattr(request, ROUTE_ATTR, route)
        return response

    wrapper.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapper

