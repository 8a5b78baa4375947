import datetime
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.accounts import access
from greenplan.accounts.access import Action, may_manage_user, roles_grantable
from greenplan.accounts.models import ROLE_RANK, Membership, Role, User
from greenplan.accounts.selectors import users_in_admin_scope
from greenplan.accounts.services import (
    ActionRefused,
    membership_remove,
    membership_set,
    password_generate,
    user_create,
    user_reset_password,
    user_set_active,
    user_update,
)
from greenplan.testing.personas import make_user


def create(actor, unit, **overrides):
    fields = {
        "username": "nguyen.van.a",
        "full_name": "Nguyễn Văn A",
        "email": "a@example.vn",
        "password": None,
        "unit": unit,
        "role": Role.REPORTER,
    }
    return user_create(actor=actor, **(fields | overrides))


# user_create


def test_an_admin_creates_an_account_with_a_generated_password(tree):
    account = create(tree.users.admin, tree.a1, username="  Nguyen.Van.A ")
    user = account.user
    assert user.username == "nguyen.van.a"
    assert user.full_name == "Nguyễn Văn A"
    assert user.is_active
    assert account.generated_password
    assert user.check_password(account.generated_password)
    assert account.generated_password not in user.password
    assert [(m.unit.code, m.role) for m in user.memberships.all()] == [("HP-A-01", Role.REPORTER)]


def test_a_given_password_is_used_and_not_returned(tree):
    account = create(tree.users.admin, tree.a1, password="xanh-sach-dep-2030")
    assert account.generated_password is None
    assert account.user.check_password("xanh-sach-dep-2030")


def test_generated_passwords_pass_the_validators():
    from django.contrib.auth.password_validation import validate_password

    for _ in range(20):
        validate_password(password_generate())


def test_it_refuses_a_unit_outside_the_admin_scope(tree, admin_a):
    with pytest.raises(ActionRefused) as exc:
        create(admin_a, tree.b1)
    assert exc.value.field == "unit"
    assert "HP-B-01" in exc.value.message
    assert isinstance(exc.value, PermissionDenied)
    assert not User.objects.filter(username="nguyen.van.a").exists()


def test_it_refuses_an_actor_who_is_not_admin(tree):
    with pytest.raises(ActionRefused):
        create(tree.users.approver_a, tree.a1)
    assert not User.objects.filter(username="nguyen.van.a").exists()


def test_an_admin_may_grant_admin_within_their_subtree(tree, admin_a):
    account = create(admin_a, tree.a1, role=Role.ADMIN)
    assert account.user.memberships.get().role == Role.ADMIN


def test_it_refuses_a_role_higher_than_the_actors_own(tree, monkeypatch):
    # Today admin is both the top role and the one needed to manage accounts, so the rule only
    # bites if managing ever needs less: simulate approvers managing accounts.
    monkeypatch.setitem(access.REQUIRED_RANK, Action.ADMIN, ROLE_RANK[Role.APPROVER])
    approver = tree.users.approver_a
    assert roles_grantable(approver, tree.a1) == [Role.VIEWER, Role.REPORTER, Role.APPROVER]
    create(approver, tree.a1, username="ok.reporter")
    with pytest.raises(ActionRefused) as exc:
        create(approver, tree.a1, role=Role.ADMIN)
    assert exc.value.field == "role"
    assert not User.objects.filter(username="nguyen.van.a").exists()


def test_it_refuses_a_duplicate_username_whatever_the_case(tree):
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.a1, username="Reporter_A1")
    assert "đã tồn tại" in exc.value.message_dict["username"][0]


@pytest.mark.parametrize("username", ["nguyễn", "a b", "x@y", "ab+c", ""])
def test_it_refuses_a_username_with_other_characters(tree, username):
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.a1, username=username)
    assert "username" in exc.value.message_dict


@pytest.mark.parametrize("password", ["12345678", "abc", "password"])
def test_it_refuses_a_bad_password(tree, password):
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.a1, password=password)
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="nguyen.van.a").exists()


@pytest.mark.parametrize("role", ["boss", "", "ADMIN"])
def test_it_refuses_a_bad_role(tree, role):
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.a1, role=role)
    assert "role" in exc.value.message_dict


def test_it_refuses_an_inactive_unit(tree):
    tree.b1.valid_to = datetime.date(2021, 1, 1)
    tree.b1.save()
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.b1)
    assert "hết hiệu lực" in exc.value.message_dict["unit"][0]


def test_it_reports_every_field_problem_at_once(tree):
    with pytest.raises(ValidationError) as exc:
        create(tree.users.admin, tree.a1, username="a b", full_name=" ", email="nope", password="1", role="x")
    assert set(exc.value.message_dict) == {"username", "full_name", "email", "password", "role"}


def test_it_logs_who_did_what(tree, caplog):
    with caplog.at_level(logging.INFO, logger="greenplan.accounts.manage"):
        create(tree.users.admin, tree.a1)
    assert "actor=admin user=nguyen.van.a role=reporter unit=HP-A-01" in caplog.text


# managing existing accounts


@pytest.fixture
def mixed(tree):
    """An account with a role inside HP-A and another in HP-B."""
    user = make_user("mixed", tree.a1, Role.REPORTER)
    Membership.objects.create(user=user, unit=tree.b1, role=Role.REPORTER)
    return user


def test_managing_an_account_needs_every_unit_of_the_account(tree, admin_a, mixed):
    assert may_manage_user(admin_a, tree.users.reporter_a1)
    assert not may_manage_user(admin_a, mixed)
    assert not may_manage_user(admin_a, tree.users.admin)
    assert not may_manage_user(admin_a, tree.users.viewer_b)
    assert not may_manage_user(admin_a, tree.users.outsider)  # no role anywhere
    assert may_manage_user(tree.users.admin, mixed)


def test_an_admin_locks_and_unlocks_an_account(tree, admin_a):
    user = user_set_active(actor=admin_a, user=tree.users.reporter_a1, active=False)
    assert not User.objects.get(pk=user.pk).is_active
    user_set_active(actor=admin_a, user=user, active=True)
    assert User.objects.get(pk=user.pk).is_active


def test_a_commune_admin_cannot_lock_a_province_officer(tree, admin_a):
    with pytest.raises(ActionRefused):
        user_set_active(actor=admin_a, user=tree.users.admin, active=False)
    assert User.objects.get(pk=tree.users.admin.pk).is_active


def test_a_commune_admin_cannot_lock_an_account_with_a_role_elsewhere(tree, admin_a, mixed):
    with pytest.raises(ActionRefused):
        user_set_active(actor=admin_a, user=mixed, active=False)


def test_nobody_locks_themselves(tree):
    with pytest.raises(ActionRefused):
        user_set_active(actor=tree.users.admin, user=tree.users.admin, active=False)


def test_staff_accounts_are_not_managed_here(tree):
    staff = make_user("staffer", tree.a1, Role.VIEWER)
    staff.is_superuser = True
    staff.save()
    with pytest.raises(ActionRefused):
        user_reset_password(actor=tree.users.admin, user=staff)


def test_reset_password_returns_a_working_new_password(tree, admin_a):
    user = tree.users.reporter_a1
    password = user_reset_password(actor=admin_a, user=user)
    user.refresh_from_db()
    assert user.check_password(password)
    assert not user.check_password("green-2030")


def test_a_commune_admin_cannot_reset_a_province_officers_password(tree, admin_a):
    with pytest.raises(ActionRefused):
        user_reset_password(actor=admin_a, user=tree.users.admin)
    tree.users.admin.refresh_from_db()
    assert tree.users.admin.check_password("green-2030")


def test_user_update_changes_name_and_email(tree, admin_a):
    user_update(actor=admin_a, user=tree.users.reporter_a1, full_name=" Trần  Thị B ", email="b@example.vn")
    user = User.objects.get(pk=tree.users.reporter_a1.pk)
    assert (user.full_name, user.email) == ("Trần Thị B", "b@example.vn")


def test_user_update_lets_an_admin_edit_their_own_name(tree):
    user_update(actor=tree.users.admin, user=tree.users.admin, full_name="Quản trị tỉnh", email="")
    assert User.objects.get(pk=tree.users.admin.pk).full_name == "Quản trị tỉnh"


def test_user_update_refuses_bad_data_and_outsiders(tree, admin_a):
    with pytest.raises(ValidationError):
        user_update(actor=admin_a, user=tree.users.reporter_a1, full_name="X", email="not-an-email")
    with pytest.raises(ValidationError):
        user_update(actor=admin_a, user=tree.users.reporter_a1, full_name="  ", email="")
    with pytest.raises(ActionRefused):
        user_update(actor=admin_a, user=tree.users.viewer_b, full_name="X", email="")


def test_membership_set_adds_and_changes_a_role(tree, admin_a):
    user = tree.users.reporter_a1
    membership_set(actor=admin_a, user=user, unit=tree.a2, role=Role.VIEWER)
    membership_set(actor=admin_a, user=user, unit=tree.a1, role=Role.APPROVER)
    assert dict(user.memberships.values_list("unit__code", "role")) == {
        "HP-A-01": Role.APPROVER, "HP-A-02": Role.VIEWER,
    }


def test_membership_set_refuses_a_unit_outside_scope(tree, admin_a):
    with pytest.raises(ActionRefused) as exc:
        membership_set(actor=admin_a, user=tree.users.reporter_a1, unit=tree.b1, role=Role.VIEWER)
    assert exc.value.field == "unit"


def test_membership_set_refuses_an_account_with_a_role_elsewhere(tree, admin_a):
    with pytest.raises(ActionRefused):
        membership_set(actor=admin_a, user=tree.users.viewer_b, unit=tree.a1, role=Role.VIEWER)
    assert not tree.users.viewer_b.memberships.filter(unit=tree.a1).exists()


def test_membership_set_refuses_a_bad_role_and_an_inactive_unit(tree):
    with pytest.raises(ValidationError):
        membership_set(actor=tree.users.admin, user=tree.users.reporter_a1, unit=tree.a2, role="boss")
    tree.a2.valid_to = datetime.date(2021, 1, 1)
    tree.a2.save()
    with pytest.raises(ValidationError):
        membership_set(actor=tree.users.admin, user=tree.users.reporter_a1, unit=tree.a2, role=Role.VIEWER)


def test_membership_set_refuses_changing_ones_own_roles(tree):
    with pytest.raises(ActionRefused):
        membership_set(actor=tree.users.admin, user=tree.users.admin, unit=tree.a1, role=Role.VIEWER)


def test_membership_set_takes_effect_on_the_next_access_check(tree):
    user = tree.users.reporter_a1
    assert not access.may(user, Action.VIEW, tree.a2)
    membership_set(actor=tree.users.admin, user=user, unit=tree.a2, role=Role.VIEWER)
    assert access.may(user, Action.VIEW, tree.a2)


def test_membership_remove_takes_a_role_away(tree, admin_a):
    user = tree.users.reporter_a1
    extra = membership_set(actor=admin_a, user=user, unit=tree.a2, role=Role.VIEWER)
    membership_remove(actor=admin_a, membership=extra)
    assert list(user.memberships.values_list("unit__code", flat=True)) == ["HP-A-01"]


def test_membership_remove_keeps_the_last_role(tree, admin_a):
    with pytest.raises(ValidationError):
        membership_remove(actor=admin_a, membership=tree.users.reporter_a1.memberships.get())
    assert tree.users.reporter_a1.memberships.exists()


def test_membership_remove_refuses_an_account_with_a_role_elsewhere(tree, admin_a, mixed):
    with pytest.raises(ActionRefused):
        membership_remove(actor=admin_a, membership=mixed.memberships.get(unit=tree.a1))
    assert mixed.memberships.count() == 2


# selector


def test_users_in_admin_scope_is_the_admins_subtree(tree, admin_a, mixed):
    names = list(users_in_admin_scope(admin_a).values_list("username", flat=True))
    assert names == ["admin_a", "approver_a", "mixed", "reporter_a1", "reporter_a2"]
    assert users_in_admin_scope(tree.users.approver_a).count() == 0
    assert users_in_admin_scope(tree.users.outsider).count() == 0


def test_users_in_admin_scope_lists_an_account_once_and_searches(tree, mixed):
    Membership.objects.create(user=mixed, unit=tree.a2, role=Role.VIEWER)
    names = list(users_in_admin_scope(tree.users.admin).values_list("username", flat=True))
    assert names.count("mixed") == 1
    assert [u.username for u in users_in_admin_scope(tree.users.admin, "REPORTER_a")] == [
        "reporter_a1", "reporter_a2",
    ]
    assert [u.username for u in users_in_admin_scope(tree.users.admin, "Approver_A")] == ["approver_a"]


def test_services_decide_on_a_fresh_read_not_on_a_prefetched_list(tree, admin_a):
    user = users_in_admin_scope(admin_a).get(username="reporter_a1")
    list(user.memberships.all())  # the prefetch cache now says: one role, inside HP-A
    Membership.objects.create(user=user, unit=tree.b1, role=Role.VIEWER)
    with pytest.raises(ActionRefused):
        user_set_active(actor=admin_a, user=user, active=False)
    with pytest.raises(ActionRefused):
        user_reset_password(actor=admin_a, user=user)
