"""A per-client limit on submitted answers, against a flood from one client.

The client is known by a keyed hash of its address, kept only in the cache for the window and
never in the database, so answers stay anonymous. Many workers of one factory may share one
address (the factory's Wi-Fi), hence a generous limit. The cache is Django's default one: per
process with the local-memory backend, so with several app processes the effective limit is a
multiple of this one; a shared cache (Redis, database) makes it exact.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMIT = 30  # submissions per client and window
DEFAULT_WINDOW = 600  # seconds


def _client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    window = int(time.time()) // getattr(settings, "SURVEY_RATE_WINDOW", DEFAULT_WINDOW)
    return f"survey-rate:{digest}:{window}"


def over_limit(request: HttpRequest) -> bool:
    """Count one submission of this client; True when it is past the limit of the window."""
    key = _client_key(request)
    window = getattr(settings, "SURVEY_RATE_WINDOW", DEFAULT_WINDOW)
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    return count > getattr(settings, "SURVEY_RATE_LIMIT", DEFAULT_LIMIT)
