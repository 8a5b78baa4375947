import pytest

from greenplan.accounts.access import Action, may, scope_q
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
