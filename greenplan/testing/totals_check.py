"""When the after-test check of the stored totals can be skipped: the test wrote nothing they
are computed from, and the data it started from was already checked.

The check recomputes every total from the raw values: a few milliseconds on the personas' tree,
ten seconds on the demo province with four half-years of reports, for each test that reads it.
Writes are counted per table: on SQLite by temporary triggers (per connection, created inside
the test's transaction and rolled back with it), on PostgreSQL by the current transaction's
statistics (`pg_stat_xact_user_tables`). A test in autocommit (`transactional_db`) is always
checked: there is no transaction to count in.
"""

from django.db import connection

from greenplan.reporting.models import Indicator, Period, Report, ReportValue, Rollup

_TABLES = [m._meta.db_table for m in (Report, ReportValue, Rollup, Period, Indicator)]
_unchecked_block = False


def block_entered() -> None:
    """Rows kept for a block of tests (a class's demo) are checked after its first test."""
    global _unchecked_block
    _unchecked_block = True


def start_state_checked() -> bool:
    return not _unchecked_block


def checked() -> None:
    global _unchecked_block
    _unchecked_block = False


def writes() -> int | None:
    """Rows written so far in this transaction to the tables the totals are computed from
    (None where it cannot be told)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_writes(cursor)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s)", [_TABLES])
            return int(cursor.fetchone()[0])
    return None


def _sqlite_writes(cursor) -> int:
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS gp_totals_writes (n INTEGER NOT NULL)")
    cursor.execute("INSERT INTO gp_totals_writes SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM gp_totals_writes)")
    for table in _TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            cursor.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS gp_w_{table}_{event.lower()} AFTER {event} ON {table}"
                " BEGIN UPDATE gp_totals_writes SET n = n + 1; END")
    cursor.execute("SELECT n FROM gp_totals_writes")
    return int(cursor.fetchone()[0])
