"""Action plans for the coverage page of one province, shared by bench/overview_bench.py and
bench/pages_bench.py (issue #12). Import it after django.setup().

The seed plan is issued at the top of the tree and copied down to the province (issued too), and
on to four in five of the province's direct subordinates: every fifth one (in tree order) keeps
no plan, so the page also lists units without one. It goes through the product's services, as a
province would: ≈ 200 copies of 31 items take seconds to a minute.
"""

import datetime

from greenplan.accounts.models import Membership, Role, User
from greenplan.orgs.models import Unit, children_q
from greenplan.plans.models import Plan
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.selectors import plan_of
from greenplan.plans.services import plan_copy_down, plan_issue


def seed_plans(province: Unit, admin: User) -> int:
    """Issue the top and province plans and copy the province plan down to its subordinates, as
    `admin` (an admin of the province, made admin of the top unit for the time it takes).

    Idempotent: each step is skipped once done, so a second run does nothing and an interrupted
    run is completed. Returns how many subordinates' plans were copied down by this run.
    """
    children = list(Unit.objects.filter(children_q(province)).order_by("path"))
    planned = set(Plan.objects.filter(unit__in=children, superseded_at__isnull=True).values_list("unit_id", flat=True))
    missing = [child for i, child in enumerate(children) if i % 5 != 4 and child.pk not in planned]
    province_plan = plan_of(province)
    if province_plan is not None and province_plan.status == Plan.Status.ISSUED and not missing:
        return 0
    top = Unit.objects.get(path=province.path[:Unit.steplen])
    grant, granted = Membership.objects.get_or_create(user=admin, unit=top, defaults={"role": Role.ADMIN})
    actor = User.objects.get(pk=admin.pk)  # the grants are cached on the user
    try:
        top_plan = plan_of(top) or load_seed_plan(top, actor=actor)
        if top_plan.status != Plan.Status.ISSUED:
            plan_issue(actor=actor, plan=top_plan, number="1", symbol="KH-TLĐ", issued_on=datetime.date(2023, 10, 15),
                       signer="Bench")
        if province_plan is None:
            province_plan = plan_copy_down(actor=actor, unit=province)
        if province_plan.status != Plan.Status.ISSUED:
            plan_issue(actor=actor, plan=province_plan, number="12", symbol="KH-LĐLĐ",
                       issued_on=datetime.date(2023, 11, 15), signer="Bench")
        for child in missing:
            plan_copy_down(actor=actor, unit=child)
    finally:
        if granted:
            grant.delete()
    return len(missing)
