"""The demo province, loaded once for a whole class of tests instead of once per test.

Loading it takes seconds (over a thousand units and accounts; many more seconds with four
half-years of reports), so the tests that read it share one copy: a class-scoped fixture
loads it inside a transaction that is rolled back when the class ends. Every test still runs
in its own savepoint inside that transaction (pytest-django's `db`), so what one test changes
(`load_demo --force`, say) is undone before the next and never leaks out of the class.
"""

import atexit
import io
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from greenplan.testing import totals_check
from greenplan.testing.personas import ensure_reference_data
from greenplan.testing.replay import Replay


@contextmanager
def kept_for_a_block_of_tests(django_db_blocker) -> Iterator[None]:
    """Data written inside stays until the block ends, then is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        totals_check.block_entered()
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


# The files the first load wrote (practice photos), kept to be copied into the media folder of
# each class that gets the load's rows copied in, so every row finds its file.
_media_snapshots: dict[str, str] = {}


def _with_media(key: str, rows: Callable[[], str]) -> str:
    output = rows()
    media = Path(settings.MEDIA_ROOT)
    if key in _media_snapshots:
        shutil.copytree(_media_snapshots[key], media, dirs_exist_ok=True)
    else:
        snapshot = tempfile.mkdtemp(prefix="greenplan-demo-media-snapshot-")
        atexit.register(shutil.rmtree, snapshot, True)
        shutil.copytree(media, snapshot, dirs_exist_ok=True)
        _media_snapshots[key] = snapshot
    return output


# Several classes load the same demo: the first load is kept and copied in for the next ones.
_demo_rows = Replay(lambda: _load("--no-reports"), keep_timestamps=True)
_demo_with_reports_rows = Replay(lambda: _load(), keep_timestamps=True)


@pytest.fixture(scope="class")
def demo_province(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo --no-reports` once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker), demo_media():
        ensure_reference_data()
        yield _with_media("no-reports", _demo_rows)


@pytest.fixture(scope="class")
def demo_province_with_reports(django_db_setup, django_db_blocker) -> Iterator[str]:
    """`load_demo` (with its four half-years of reports) once for the class; the command's output."""
    with kept_for_a_block_of_tests(django_db_blocker), demo_media():
        ensure_reference_data()
        yield _with_media("with-reports", _demo_with_reports_rows)
