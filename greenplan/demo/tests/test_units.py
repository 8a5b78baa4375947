import io
import re

import pytest
from django.core.management import call_command

from greenplan.accounts.models import Membership, Role, User
from greenplan.demo import data
from greenplan.demo.survey import load_demo_survey
from greenplan.orgs.models import CODE_PATTERN, Unit, UnitEvent
from greenplan.reporting.models import Report, Rollup
from greenplan.reporting.services import report_save, report_submit
from greenplan.survey.models import Survey
from greenplan.testing.factories import full_values
from greenplan.testing.fixtures import make_period


def load(*args: str) -> str:
    """The command without its reports (slow; the report tests cover them)."""
    out = io.StringIO()
    call_command("load_demo", "--no-reports", *args, stdout=out)
    return out.getvalue()


def real_children(unit: Unit) -> int:
    return Unit.objects.filter(depth=unit.depth + 1, path__startswith=unit.path).count()


class TestTheDemoProvince:
    """One demo province (no reports) shared by the class; each test's changes are rolled back."""

    @pytest.fixture
    def demo(self, demo_province, db):
        return Unit.objects.get(code=data.ROOT_CODE)

    def test_it_builds_a_province_of_realistic_shape(self, demo):
        units = Unit.objects.filter(path__startswith=demo.path).active()
        assert demo.kind.code == "province"
        assert units.filter(kind__is_grassroots=False).exclude(pk=demo.pk).count() >= 12
        assert units.filter(kind__is_grassroots=True).count() >= 1000
        assert set(units.values_list("depth", flat=True)) == {1, 2, 3, 4}
        assert units.filter(kind__code="commune").count() >= 10
        assert units.filter(kind__code="industrial_zone").exists()

    def test_every_unit_has_valid_code_and_counts(self, demo):
        rows = list(Unit.objects.values_list("code", "members", "workers", "kind__is_grassroots"))
        assert all(re.match(CODE_PATTERN, code) for code, *_ in rows)
        assert all(members <= workers for _c, members, workers, _g in rows)
        assert all(members >= 1 for _c, members, _w, grassroots in rows if grassroots)

    def test_the_tree_is_valid(self, demo):
        assert Unit.objects.find_problems() == ([], [], [], [], [])
        for unit in Unit.objects.filter(depth__lte=2):
            assert unit.numchild == real_children(unit), unit.code

    def test_each_unit_has_an_account_named_after_its_code(self, demo):
        units = Unit.objects.exclude(pk=demo.pk).select_related("kind")
        roles = dict(Membership.objects.values_list("unit__code", "role"))
        usernames = set(User.objects.values_list("username", flat=True))
        for unit in units:
            assert unit.code.lower() in usernames
            assert roles[unit.code] == (Role.REPORTER if unit.kind.is_grassroots else Role.APPROVER)
        assert User.objects.count() == units.count() + 1

    def test_admin_is_province_admin_and_the_password_works(self, demo):
        admin = User.objects.get(username="admin")
        assert Membership.objects.get(user=admin).unit == demo
        assert Membership.objects.get(user=admin).role == Role.ADMIN
        assert admin.check_password(data.PASSWORD)
        assert User.objects.get(username="hp-kcn-0001").check_password(data.PASSWORD)

    def test_the_2025_reorganisation_is_in_the_history(self, demo):
        district = Unit.objects.get(code="HP-THUYNGUYEN-CU")
        assert district.valid_to == data.REORGANISED
        assert not Unit.objects.filter(path__startswith=district.path, depth=district.depth + 1).active().exists()
        moved = UnitEvent.objects.filter(kind=UnitEvent.Kind.MOVED, from_parent=district)
        assert moved.count() >= 10
        assert UnitEvent.objects.filter(unit=district, kind=UnitEvent.Kind.DISSOLVED).exists()
        assert UnitEvent.objects.filter(kind=UnitEvent.Kind.MERGED).count() == data.SCHOOL_MERGES

    def test_running_it_again_changes_nothing(self, demo):
        before = Unit.objects.count(), User.objects.count()
        load()
        load("--if-empty")
        assert (Unit.objects.count(), User.objects.count()) == before

    def test_force_rebuilds_the_same_province_without_the_old_reports_and_survey(self, demo):
        names = list(Unit.objects.order_by("code").values_list("code", "name", "members"))
        period = make_period()
        unit = Unit.objects.filter(kind__is_grassroots=True).active().order_by("code").first()
        chair = Membership.objects.filter(unit=unit, role=Role.REPORTER).first().user
        report = report_save(actor=chair, unit=unit, period=period, version=0, values=full_values()).report
        report_submit(actor=chair, unit=unit, period=period, version=report.version)
        assert load_demo_survey(demo) > 0 and Rollup.objects.filter(unit=demo).exists()
        load("--force")
        assert list(Unit.objects.order_by("code").values_list("code", "name", "members")) == names
        assert Unit.objects.find_problems() == ([], [], [], [], [])
        assert not Report.objects.exists() and not Survey.objects.exists()
        assert not Rollup.objects.filter(unit__code=data.ROOT_CODE).exists()

    def test_the_province_plan_is_issued_and_some_units_concretized_it(self, demo):
        from greenplan.plans.models import Plan

        plan = Plan.objects.get(unit=demo, superseded_at__isnull=True)
        assert plan.status == "issued" and plan.items.count() == 31
        lower = Plan.objects.exclude(unit=demo)
        assert lower.exists() and all(p.parent_plan_id for p in lower)


class TestTheDemoWithReports:
    """One full demo (with its reports) shared by the class."""

    def test_it_prints_the_shared_password_and_loads_reports(self, demo_province_with_reports, db):
        output = demo_province_with_reports
        assert data.PASSWORD in output
        assert "giây" in output
        assert Report.objects.filter(status="approved").exists()
        assert set(Report.objects.values_list("status", flat=True)) == {"draft", "submitted", "returned", "approved"}


# After both classes: `tree` creates HP again, so this also fails if a class's demo leaked.
def test_if_empty_leaves_an_existing_tree_alone(tree):
    load("--if-empty")
    assert not Unit.objects.filter(code="HP-KCN").exists()
