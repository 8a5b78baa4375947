"""Demo plans: the province issues the seed plan; some units have concretized it, some not yet."""

import datetime

from greenplan.accounts.models import User
from greenplan.orgs.models import Unit, children_q
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue

# Superior units (by position among the province's subordinates) that made their own plan,
# and whether they issued it; a few of their grassroots units followed.
SUPERIORS_WITH_PLAN = 8
SUPERIORS_ISSUED = 5
GRASSROOTS_PER_SUPERIOR = 3


def load_demo_plans(root: Unit, admin: User) -> int:
    """Returns the number of plans created."""
    plan = load_seed_plan(root, actor=admin)
    plan_issue(
        actor=admin, plan=plan, number="12", symbol="KH-LĐLĐ", issued_on=datetime.date(2023, 11, 15),
        signer="Lương Xuân Trường", signer_title="Phó Chủ tịch", signer_capacity="TM. BAN THƯỜNG VỤ",
    )
    count = 1
    superiors = Unit.objects.filter(children_q(root), kind__is_grassroots=False).active().order_by("path")
    for i, unit in enumerate(superiors[:SUPERIORS_WITH_PLAN]):
        lower = plan_copy_down(actor=admin, unit=unit)
        count += 1
        if i >= SUPERIORS_ISSUED:
            continue
        plan_issue(actor=admin, plan=lower, number=str(20 + i), symbol="KH-CĐ",
                   issued_on=datetime.date(2024, 1, 10 + i), signer="Chủ tịch Công đoàn")
        grassroots = Unit.objects.filter(children_q(unit), kind__is_grassroots=True).active().order_by("path")
        for unit_below in grassroots[:GRASSROOTS_PER_SUPERIOR]:
            plan_copy_down(actor=admin, unit=unit_below)
            count += 1
    return count
