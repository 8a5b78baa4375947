"""The personas of STYLE.md on a small tree, for every test that needs users with roles.

    HP   province federation            admin (admin)
    ├── HP-A  commune union             approver_a (approver)
    │   ├── HP-A-01 grassroots          reporter_a1 (reporter)
    │   └── HP-A-02 grassroots          reporter_a2 (reporter)
    └── HP-B  sector union              viewer_b (viewer)
        └── HP-B-01 grassroots
    outsider: an active account with no role anywhere
"""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from greenplan.accounts.models import Membership, Role, User
from greenplan.orgs.models import Ownership, Sector, UnitKind
from greenplan.orgs.services import unit_create
from greenplan.testing.replay import Replay

PASSWORD = "green-2030"


def make_user(username: str, unit=None, role: str | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title())
    if unit is not None and role is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def ensure_reference_data() -> None:
    """Transactional tests (live server, threads) flush the tables that migrations filled."""
    # A flush also empties the content types, which the audit log refers to: forget the cached ids.
    ContentType.objects.clear_cache()
    if UnitKind.objects.exists():
        return
    importlib.import_module("greenplan.orgs.migrations.0002_kinds_and_sectors").load(apps, None)
    from greenplan.reporting.catalogue import load_catalogue
    from greenplan.reporting.models import Indicator, ValidationRule

    load_catalogue(Indicator, ValidationRule)


def build_tree() -> SimpleNamespace:
    """The small tree and its personas, written to the database (the `tree` fixture's value)."""
    ensure_reference_data()
    kind = {k.code: k for k in UnitKind.objects.all()}
    edu = Sector.objects.get(code="education")
    start = datetime.date(2020, 1, 1)
    root = unit_create(parent=None, code="HP", name="Liên đoàn Lao động thành phố Hải Phòng",
                       kind=kind["province"], valid_from=start, members=500, workers=600)
    a = unit_create(parent=root, code="HP-A", name="Công đoàn phường Hồng Bàng",
                    kind=kind["commune"], valid_from=start)
    a1 = unit_create(parent=a, code="HP-A-01", name="Công đoàn Công ty TNHH Thép Xanh",
                     kind=kind["grassroots"], valid_from=start, members=120, workers=150,
                     ownership=Ownership.PRIVATE)
    a2 = unit_create(parent=a, code="HP-A-02", name="Công đoàn Trường Tiểu học Lê Lợi",
                     kind=kind["grassroots"], valid_from=start, members=40, workers=42,
                     sector=edu, ownership=Ownership.PUBLIC_SERVICE)
    b = unit_create(parent=root, code="HP-B", name="Công đoàn ngành Giáo dục",
                    kind=kind["sector"], valid_from=start)
    b1 = unit_create(parent=b, code="HP-B-01", name="Công đoàn Trường THPT Ngô Quyền",
                     kind=kind["grassroots"], valid_from=start, members=80, workers=85, sector=edu)
    users = SimpleNamespace(
        admin=make_user("admin", root, Role.ADMIN),
        approver_a=make_user("approver_a", a, Role.APPROVER),
        reporter_a1=make_user("reporter_a1", a1, Role.REPORTER),
        reporter_a2=make_user("reporter_a2", a2, Role.REPORTER),
        viewer_b=make_user("viewer_b", b, Role.VIEWER),
        outsider=make_user("outsider"),
    )
    return SimpleNamespace(root=root, a=a, a1=a1, a2=a2, b=b, b1=b1, users=users)


# Thousands of tests start from this tree: built for real once, then its rows are copied in.
_tree_rows = Replay(build_tree)


@pytest.fixture
def tree(db):
    ensure_reference_data()
    return _tree_rows()


@pytest.fixture
def admin_a(tree):
    """The admin of commune union HP-A: manages HP-A, HP-A-01, HP-A-02 only."""
    return make_user("admin_a", tree.a, Role.ADMIN)
