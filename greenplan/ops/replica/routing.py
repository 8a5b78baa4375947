"""Where this request's reads go: a context variable the router reads, never the models.

The router knows no app. A view marked `@reads_from_replica` (greenplan.ops.replica.views)
sets the route for the time it runs; every other read, and every write, goes to "default".
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY, REPLICA = "primary", "replica"

# The alias reads go to while a replica-safe view runs; None: the primary.
_read_alias: ContextVar[str | None] = ContextVar("greenplan_read_alias", default=None)


def replica_alias() -> str | None:
    """The replica's DATABASES alias when one is configured and reads may use it, else None."""
    if not settings.REPLICA_READS:
        return None
    alias: str = settings.REPLICA_DATABASE
    return alias if alias in connections.settings else None


@contextmanager
def reading_from(alias: str | None) -> Iterator[None]:
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


def current_read_alias() -> str | None:
    return _read_alias.get()


class ReplicaRouter:
    """Reads follow the request's route; writes and migrations always go to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return _read_alias.get()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        # An object read from the replica is saved on the primary, never on a read-only standby.
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both databases hold the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return False if db == settings.REPLICA_DATABASE else None
