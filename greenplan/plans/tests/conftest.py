import pytest

from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down


@pytest.fixture
def province_plan(tree):
    """The seed loaded as HP's plan (a draft, as the loader leaves it)."""
    return load_seed_plan(tree.root)


@pytest.fixture
def cascade(tree, province_plan):
    """HP's plan copied down to HP-A and on to HP-A-01 (HP-A-02, HP-B, HP-B-01 have none)."""
    a = plan_copy_down(actor=tree.users.approver_a, unit=tree.a)
    a1 = plan_copy_down(actor=tree.users.reporter_a1, unit=tree.a1)
    return province_plan, a, a1
