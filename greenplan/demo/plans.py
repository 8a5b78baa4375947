"""Demo plans: the province issues the seed plan and tracks its progress; some units have
concretized it — leaving out what does not concern them, adding their own initiatives — some
have not yet."""

import datetime
import random

from greenplan.accounts.models import User
from greenplan.orgs.models import Unit, children_q
from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import item_create, item_delete, item_update, plan_copy_down, plan_issue

# Superior units (by position among the province's subordinates) that made their own plan,
# and whether they issued it; a few of their grassroots units followed.
SUPERIORS_WITH_PLAN = 8
SUPERIORS_ISSUED = 5
GRASSROOTS_PER_SUPERIOR = 3

# Which department of the federation leads each task group (the province's own assignment).
LEADS = {
    "1": "Ban Tuyên giáo",
    "2": "Ban Chính sách pháp luật và Quan hệ lao động",
    "3": "Ban Tuyên giáo",
    "4": "Ban Chính sách pháp luật và Quan hệ lao động",
    "5": "Ban Tổ chức",
    "6": "Ủy ban Kiểm tra",
    "7": "Ban Tài chính",
    "8": "Văn phòng",
}
PROGRESS_NOTES = {
    PlanItem.Status.IN_PROGRESS: "Đã triển khai đến các đơn vị; đang theo dõi kết quả.",
    PlanItem.Status.DONE: "Đã hoàn thành, có báo cáo kết quả.",
}
OWN_INITIATIVES = (
    "Phát động phong trào “Công nhân không rác thải nhựa”",
    "Thu gom, phân loại rác tại nguồn ở khu nhà trọ công nhân",
    "Tổ chức ngày hội đổi giấy vụn lấy cây xanh",
)


def _progress(actor: User, plan: Plan, rng: random.Random, done_share: float, started_share: float) -> None:
    for item in plan.items.order_by("order"):
        roll = rng.random()
        if roll < done_share:
            status = PlanItem.Status.DONE
        elif roll < done_share + started_share:
            status = PlanItem.Status.IN_PROGRESS
        else:
            continue
        item_update(actor=actor, item=item, data={"status": status, "progress_note": PROGRESS_NOTES[status]})


def _assign_leads(actor: User, plan: Plan, leads: dict[str, str]) -> None:
    for item in plan.items.select_related("group"):
        lead = leads.get(item.group.code)
        if lead:
            item_update(actor=actor, item=item, data={"lead": lead})


def _concretize(actor: User, plan: Plan, rng: random.Random, grassroots: bool) -> None:
    """What a lower unit does with the copied draft: drop items that do not concern it (more of
    them at grassroots level) and add an initiative of its own."""
    items = list(plan.items.select_related("group").order_by("order"))
    drop_share = 0.35 if grassroots else 0.1
    for item in items:
        if item.group.code in ("2", "8") and rng.random() < drop_share * 2 or rng.random() < drop_share / 3:
            item_delete(actor=actor, item=item)
    if grassroots:
        _assign_leads(actor, plan, {code: "Ban Chấp hành Công đoàn cơ sở" for code in LEADS})
    else:
        _assign_leads(actor, plan, {code: "Ban Thường vụ" for code in LEADS})
    taken = set(plan.items.values_list("code", flat=True))
    code = next(f"3.{n}" for n in range(1, 100) if f"3.{n}" not in taken)
    item_create(
        actor=actor, plan=plan, code=code, group="3", title=rng.choice(OWN_INITIATIVES),
        lead="Ban Nữ công" if grassroots else "Ban Tuyên giáo", frequency="Hằng quý",
        expected_output="Báo cáo kết quả, hình ảnh hoạt động",
    )


def load_demo_plans(root: Unit, admin: User, seed: int = 2030) -> int:
    """Returns the number of plans created."""
    rng = random.Random(seed)
    plan = load_seed_plan(root, actor=admin)
    _assign_leads(admin, plan, LEADS)
    plan_issue(
        actor=admin, plan=plan, number="12", symbol="KH-LĐLĐ", issued_on=datetime.date(2023, 11, 15),
        signer="Lương Xuân Trường", signer_title="Phó Chủ tịch", signer_capacity="TM. BAN THƯỜNG VỤ",
    )
    _progress(admin, plan, rng, done_share=0.25, started_share=0.65)
    count = 1
    superiors = Unit.objects.filter(children_q(root), kind__is_grassroots=False).active().order_by("path")
    for i, unit in enumerate(superiors[:SUPERIORS_WITH_PLAN]):
        lower = plan_copy_down(actor=admin, unit=unit)
        _concretize(admin, lower, rng, grassroots=False)
        count += 1
        if i >= SUPERIORS_ISSUED:
            continue
        plan_issue(actor=admin, plan=lower, number=str(20 + i), symbol="KH-CĐ",
                   issued_on=datetime.date(2024, 1, 10 + i), signer="Chủ tịch Công đoàn")
        _progress(admin, lower, rng, done_share=0.2, started_share=0.5)
        grassroots = Unit.objects.filter(children_q(unit), kind__is_grassroots=True).active().order_by("path")
        for j, unit_below in enumerate(grassroots[:GRASSROOTS_PER_SUPERIOR]):
            own = plan_copy_down(actor=admin, unit=unit_below)
            _concretize(admin, own, rng, grassroots=True)
            count += 1
            if j == 0:
                plan_issue(actor=admin, plan=own, number="05", symbol="KH-CĐCS",
                           issued_on=datetime.date(2024, 3, 1 + i), signer="Chủ tịch Công đoàn cơ sở")
                _progress(admin, own, rng, done_share=0.3, started_share=0.4)
    return count
