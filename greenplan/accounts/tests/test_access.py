import pytest
from django.core.exceptions import PermissionDenied

from greenplan.accounts import access
from greenplan.accounts.access import Action, may, scope_q
from greenplan.accounts.models import Membership, Role
from greenplan.orgs.models import Unit


@pytest.mark.parametrize(
    "user, action, unit, expected",
    [
        ("admin", Action.ADMIN, "HP-A-01", True),
        ("admin", Action.APPROVE, "HP-A", True),
        ("admin", Action.APPROVE, "HP", False),
        ("approver_a", Action.APPROVE, "HP-A-01", True),
        ("approver_a", Action.APPROVE, "HP-A", False),
        ("approver_a", Action.REPORT, "HP-A", True),
        ("approver_a", Action.VIEW, "HP-B-01", False),
        ("approver_a", Action.VIEW, "HP", False),
        ("approver_a", Action.ADMIN, "HP-A-01", False),
        ("reporter_a1", Action.REPORT, "HP-A-01", True),
        ("reporter_a1", Action.APPROVE, "HP-A-01", False),
        ("reporter_a1", Action.VIEW, "HP-A-02", False),
        ("reporter_a1", Action.VIEW, "HP-A", False),
        ("viewer_b", Action.VIEW, "HP-B-01", True),
        ("viewer_b", Action.REPORT, "HP-B-01", False),
        ("outsider", Action.VIEW, "HP", False),
    ],
)
def test_the_permission_matrix(tree, user, action, unit, expected):
    assert may(getattr(tree.users, user), action, Unit.objects.get(code=unit)) is expected


def test_an_inactive_account_may_do_nothing(tree):
    user = tree.users.admin
    user.is_active = False
    user.save()
    assert not may(user, Action.VIEW, tree.root)


def test_scope_is_the_subtree_of_every_role(tree):
    codes = set(Unit.objects.filter(scope_q(tree.users.approver_a)).values_list("code", flat=True))
    assert codes == {"HP-A", "HP-A-01", "HP-A-02"}
    assert not Unit.objects.filter(scope_q(tree.users.outsider)).exists()


def test_scope_for_an_action_leaves_out_weaker_roles(tree):
    qs = Unit.objects.filter(scope_q(tree.users.viewer_b, Action.REPORT))
    assert not qs.exists()


@pytest.mark.parametrize(
    "user, unit, expected",
    [
        ("reporter_a1", "HP-A-01", True),
        ("reporter_a1", "HP-A", True),  # the plans above a unit are the ones it concretizes
        ("reporter_a1", "HP", True),
        ("reporter_a1", "HP-A-02", False),  # a sibling's plan is not
        ("viewer_b", "HP", True),
        ("viewer_b", "HP-A", False),  # nor another branch's
        ("approver_a", "HP-B-01", False),
        ("outsider", "HP", False),
    ],
)
def test_users_read_the_plans_of_their_scope_and_of_the_units_above_it(tree, user, unit, expected):
    assert access.may_read_plan(getattr(tree.users, user), Unit.objects.get(code=unit)) is expected


def test_reading_a_superior_plan_does_not_put_the_superior_in_scope(tree):
    assert not access.may_read_unit(tree.users.reporter_a1, tree.a)


def test_only_a_root_units_admin_edits_the_settings(tree):
    assert access.is_root_admin(tree.users.admin) and access.may_edit_settings(tree.users.admin)
    Membership.objects.create(user=tree.users.outsider, unit=tree.a, role=Role.ADMIN)
    for name in ("outsider", "approver_a", "reporter_a1", "viewer_b"):
        assert not access.may_edit_settings(getattr(tree.users, name)), name
    with pytest.raises(PermissionDenied):
        access.require_settings_editor(tree.users.outsider)


def test_accounts_are_managed_by_admins_of_a_unit_in_their_subtree(tree):
    Membership.objects.create(user=tree.users.outsider, unit=tree.a, role=Role.ADMIN)
    admin_a = tree.users.outsider
    assert access.may_manage_accounts(admin_a) and access.may_manage_accounts(admin_a, tree.a1)
    assert not access.may_manage_accounts(admin_a, tree.b)
    assert not access.may_manage_accounts(tree.users.approver_a)
    assert access.may_manage_user(admin_a, tree.users.reporter_a1)
    assert not access.may_manage_user(admin_a, tree.users.viewer_b)


def test_the_right_to_enter_a_report_comes_from_the_nearest_role(tree):
    assert access.reporting_grant_path(tree.users.reporter_a1, tree.a1) == tree.a1.path
    assert access.reporting_grant_path(tree.users.approver_a, tree.a1) == tree.a.path
    assert access.reporting_grant_path(tree.users.viewer_b, tree.b1) is None
