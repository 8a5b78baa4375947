"""The demo province, loaded once for a whole class of tests instead of once per test.

Loading it takes seconds (over a thousand units and accounts; many more seconds with four
half-years of reports), so the tests that read it share one copy: a class-scoped fixture
loads it inside a transaction that is rolled back when the class ends. Every test still runs
in its own savepoint inside that transaction (pytest-django's `db`), so what one test changes
(`load_demo --force`, say) is undone before the next and never leaks out of the class.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction

from greenplan.testing.personas import ensure_reference_data
from greenplan.testing.replay import Replay


@contextmanager
def kept_for_a_block_of_tests(django_db_blocker) -> Iterator[None]:
    """Data written inside stays until the block ends, then is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def _load(*args: str) -> str:
    ensure_reference_data()
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


# Several classes load the same demo: the first load is kept and copied in for the next ones.
_demo_rows = Replay(lambda: _load("--no-reports"), keep_timestamps=True)
_demo_with_reports_rows = Replay(lambda: _load(), keep_timestamps=True)


@pytest.fixture(scope="class")
def demo_province(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo --no-reports` once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker):
        ensure_reference_data()
        yield _demo_rows()


@pytest.fixture(scope="class")
def demo_province_with_reports(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo` (with its four half-years of reports) once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker):
        ensure_reference_data()
        yield _demo_with_reports_rows()
