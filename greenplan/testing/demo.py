"""The demo province, loaded once for a whole class of tests instead of once per test.

Loading it takes seconds (over a thousand units and accounts; many more seconds with four
half-years of reports), so the tests that read it share one copy: a class-scoped fixture
loads it inside a transaction that is rolled back when the class ends. Every test still runs
in its own savepoint inside that transaction (pytest-django's `db`), so what one test changes
(`load_demo --force`, say) is undone before the next and never leaks out of the class.
"""

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from greenplan.testing.personas import ensure_reference_data


@contextmanager
def kept_for_a_block_of_tests(django_db_blocker) -> Iterator[None]:
    """Data written inside stays until the block ends, then is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def demo_media() -> Iterator[None]:
    """The demo's practice photos go to a temporary media folder, not to var/media, and stay
    readable while the class's tests run."""
    with tempfile.TemporaryDirectory(prefix="greenplan-demo-media-") as media, override_settings(MEDIA_ROOT=media):
        yield


def _load(*args: str) -> str:
    ensure_reference_data()
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo_province(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo --no-reports` once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker), demo_media():
        yield _load("--no-reports")


@pytest.fixture(scope="class")
def demo_province_with_reports(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo` (with its four half-years of reports) once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker), demo_media():
        yield _load()
