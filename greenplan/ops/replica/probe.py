"""Is the replica up, and how far behind the primary is it? Measured at most once a second or so.

Lag compares positions in the write-ahead log: the primary's `pg_current_wal_lsn()` read
first, then the replica's `pg_last_wal_replay_lsn()`. A replica at or past that position holds
every committed row: lag 0, however long the primary has been idle. Behind it, the lag in
seconds is the age of the last transaction it replayed (an upper bound on how stale its rows
are). A connection error marks it down; both answers are cached in this process, "up" for
REPLICA_PROBE_SECONDS and "down" for REPLICA_DOWN_SECONDS, so a stopped replica costs one
refused connection every few seconds, not one per request.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger("greenplan.ops.replica")


@dataclass(frozen=True)
class ReplicaState:
    up: bool
    lag_seconds: float | None = None  # None when down
    lag_bytes: int | None = None

    def usable(self, max_lag_seconds: float) -> bool:
        return self.up and self.lag_seconds is not None and self.lag_seconds <= max_lag_seconds


DOWN = ReplicaState(up=False)


def lsn_to_int(lsn: str) -> int:
    """'16/B374D848' → its byte position (PostgreSQL prints an LSN as two hex halves)."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def close_quietly(alias: str) -> None:
    """Drop a connection that failed: the next use opens a fresh one (or fails fast)."""
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def measure(alias: str) -> ReplicaState:
    """One look at the replica; DOWN if it cannot be reached. Only PostgreSQL has a lag."""
    replica = connections[alias]
    try:
        if replica.vendor != "postgresql":
            replica.ensure_connection()
            return ReplicaState(up=True, lag_seconds=0.0, lag_bytes=0)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = lsn_to_int(cursor.fetchone()[0])
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn()::text,"
                " extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float"
            )
            replay_lsn, replay_age = cursor.fetchone()
    except DatabaseError as exc:
        close_quietly(alias)
        log.debug("replica probe failed: %s", exc)
        return DOWN
    if replay_lsn is None:
        # Not a standby (a test mirror of the primary): nothing to wait for.
        return ReplicaState(up=True, lag_seconds=0.0, lag_bytes=0)
    behind = max(0, primary_lsn - lsn_to_int(replay_lsn))
    if behind == 0:
        return ReplicaState(up=True, lag_seconds=0.0, lag_bytes=0)
    return ReplicaState(up=True, lag_seconds=float("inf") if replay_age is None else max(0.0, replay_age),
                        lag_bytes=behind)


class ProbeCache:
    """The last state and when it expires, shared by the threads of one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.state: ReplicaState | None = None
        self.expires = 0.0

    def get(self, alias: str, measure: Callable[[str], ReplicaState]) -> ReplicaState:
        with self.lock:
            now = self.clock()
            if self.state is not None and now < self.expires:
                return self.state
            previous = self.state
            state = measure(alias)
            ttl = settings.REPLICA_PROBE_SECONDS if state.up else settings.REPLICA_DOWN_SECONDS
            self.state, self.expires = state, now + float(ttl)
        _log_change(previous, state)
        return state

    def mark_down(self) -> None:
        with self.lock:
            previous, self.state = self.state, DOWN
            self.expires = self.clock() + float(settings.REPLICA_DOWN_SECONDS)
        _log_change(previous, DOWN)

    def clear(self) -> None:
        with self.lock:
            self.state, self.expires = None, 0.0


def _log_change(previous: ReplicaState | None, state: ReplicaState) -> None:
    """One line when the replica goes down or comes back, not one per request."""
    was_up = previous is None or previous.up
    if was_up and not state.up:
        log.warning("read replica unreachable: reading from the primary for the next %s s",
                    settings.REPLICA_DOWN_SECONDS)
    elif previous is not None and not previous.up and state.up:
        log.warning("read replica reachable again (lag %.1f s)", state.lag_seconds or 0.0)


cache = ProbeCache()


def replica_state(alias: str) -> ReplicaState:
    return cache.get(alias, measure)
