"""A per-client limit on submitted answers, against a flood from one client.

The client is known by a keyed hash of its address. Many workers of one factory may share one
address (the factory's Wi-Fi), hence a generous limit. The count lives in the database
(SubmitCount), one atomic INSERT … ON CONFLICT DO UPDATE … RETURNING per submission, so every
gunicorn worker and every app server counts against the same limit (a per-process cache would
multiply it by the number of processes). A window's rows are deleted when the next window
opens: no address hash outlives its window, and none is linked to an answer.
"""

import hashlib
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from greenplan.survey.models import SubmitCount

DEFAULT_LIMIT = 30  # submissions per client and window
DEFAULT_WINDOW = 600  # seconds


def _client(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def _count_one(client: str, window: int) -> int:
    table = connection.ops.quote_name(SubmitCount._meta.db_table)
    # Plain fields without db_column: each column is named as its field.
    client_col, window_col, submits_col = (connection.ops.quote_name(name) for name in ("client", "window", "submits"))
    sql = (f"INSERT INTO {table} ({client_col}, {window_col}, {submits_col}) VALUES (%s, %s, 1) "  # noqa: S608
           f"ON CONFLICT ({client_col}, {window_col}) DO UPDATE SET {submits_col} = {table}.{submits_col} + 1 "
           f"RETURNING {submits_col}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [client, window])
        return int(cursor.fetchone()[0])


def over_limit(request: HttpRequest) -> bool:
    """Count one submission of this client; True when it is past the limit of the window."""
    window = int(time.time()) // int(getattr(settings, "SURVEY_RATE_WINDOW", DEFAULT_WINDOW))
    count = _count_one(_client(request), window)
    if count == 1:  # the first submission of a client in a window: forget the windows that passed
        SubmitCount.objects.filter(window__lt=window).delete()
    return count > getattr(settings, "SURVEY_RATE_LIMIT", DEFAULT_LIMIT)
