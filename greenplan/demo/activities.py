"""Demo activities: what the units with a plan did, against their plan's items, over the last two
years. Called by the demo loader after the plans exist (load_demo_plans)."""

import datetime
import random

from django.utils import timezone

from greenplan.accounts.models import Membership, Role, User
from greenplan.activities.models import Activity
from greenplan.activities.services import activity_record
from greenplan.orgs.models import Unit, subtree_q
from greenplan.plans.models import Plan, PlanItem

K = Activity.Kind
# (kind, title, description, findings, participants range, cost range in thousands of đồng)
TEMPLATES = (
    (K.ENVIRONMENT_DAY, "Hưởng ứng Ngày Môi trường thế giới 5/6",
     "Mít tinh, ra quân dọn vệ sinh, thu gom rác thải nhựa quanh khu vực đơn vị.", "", (40, 400), (2_000, 25_000)),
    (K.TREE_PLANTING, "Trồng cây xanh tại khuôn viên",
     "Phối hợp chuyên môn trồng cây bóng mát, cây cảnh trong khuôn viên cơ quan.", "", (20, 150), (3_000, 40_000)),
    (K.TRAINING, "Tập huấn tiết kiệm năng lượng",
     "Hướng dẫn sử dụng điện, nước tiết kiệm trong sản xuất và sinh hoạt.", "", (25, 120), (1_500, 15_000)),
    (K.PROPAGANDA, "Tuyên truyền Chiến lược quốc gia về tăng trưởng xanh",
     "Phát tài liệu, treo băng rôn, đăng tin trên nhóm Zalo đoàn viên.", "", (50, 600), (500, 6_000)),
    (K.PROPAGANDA, "Phát động “Nói không với túi ni lông và sản phẩm nhựa dùng một lần”",
     "Trao túi vải, bình nước dùng nhiều lần cho đoàn viên.", "", (60, 500), (2_000, 20_000)),
    (K.DIALOGUE, "Đối thoại với người sử dụng lao động về điều kiện làm việc xanh",
     "Đối thoại định kỳ tại nơi làm việc, nội dung giảm phát thải và an toàn, vệ sinh lao động.",
     "Thống nhất lắp thêm hệ thống thông gió, thay đèn LED ở xưởng.", (10, 40), (0, 3_000)),
    (K.INSPECTION, "Kiểm tra việc thực hiện phân loại rác tại nguồn",
     "Kiểm tra khu nhà ăn, nhà xưởng và khu nhà trọ công nhân.",
     "Hai khu vực chưa bố trí đủ thùng phân loại; đã kiến nghị bổ sung trong quý.", (5, 15), (0, 1_000)),
    (K.TRAINING, "Bồi dưỡng kiến thức về việc làm xanh cho cán bộ công đoàn",
     "Giới thiệu khái niệm việc làm xanh, kỹ năng xanh và chuyển đổi nghề nghiệp.", "", (30, 90), (3_000, 30_000)),
    (K.OTHER, "Ngày hội đổi giấy vụn lấy cây xanh",
     "Đoàn viên mang giấy vụn, vỏ chai đổi lấy cây giống.", "", (80, 300), (1_000, 8_000)),
)
# Which template fits which task group of the seed plan (groups 1–8).
BY_GROUP = {"1": (3, 7), "2": (5, 6), "3": (0, 1, 3, 4, 8), "4": (7, 2), "5": (7,), "6": (6, 5), "7": (2, 6),
            "8": (3,)}
PER_UNIT = (2, 6)


def _actors(units: list[Unit]) -> dict[int, User]:
    """Each unit's own demo account (username = code in lower case) records its activities."""
    users = {u.username: u for u in User.objects.filter(username__in=[unit.code.lower() for unit in units])}
    return {unit.pk: users[unit.code.lower()] for unit in units if unit.code.lower() in users}


def _root_admin(root: Unit) -> User:
    membership = Membership.objects.filter(unit=root, role=Role.ADMIN).select_related("user").first()
    if membership is None:
        raise ValueError(f"no admin on {root.code} to record the demo activities")
    return membership.user


def load_demo_activities(root: Unit, seed: int = 2030) -> int:
    """Record a few activities for every unit under `root` that has a current plan; returns how many."""
    rng = random.Random(seed)
    today = timezone.localdate()
    plans = list(Plan.objects.filter(subtree_q(root.path, "unit__"), superseded_at__isnull=True)
                 .select_related("unit").order_by("unit__path"))
    items: dict[int, list[PlanItem]] = {}
    for plan_item in PlanItem.objects.filter(plan__in=plans).select_related("group").order_by("order", "id"):
        items.setdefault(plan_item.plan_id, []).append(plan_item)
    actors, admin = _actors([p.unit for p in plans]), _root_admin(root)
    count = 0
    for plan in plans:
        unit_items = [i for i in items.get(plan.pk, []) if i.status != PlanItem.Status.CANCELLED]
        for _n in range(rng.randint(*PER_UNIT)):
            item = rng.choice(unit_items) if unit_items and rng.random() < 0.85 else None
            choices = BY_GROUP.get(item.group.code, range(len(TEMPLATES))) if item else range(len(TEMPLATES))
            kind, title, description, findings, people, cost = TEMPLATES[rng.choice(list(choices))]
            start = today - datetime.timedelta(days=rng.randint(3, 700))
            if kind == K.ENVIRONMENT_DAY:  # on or around 5 June of a past year
                year = start.year if datetime.date(start.year, 6, 5) < today else start.year - 1
                start = datetime.date(year, 6, rng.choice((1, 5, 5, 6)))
            end = start + datetime.timedelta(days=1) if kind == K.TRAINING and rng.random() < 0.4 else None
            end = end if end and end <= today else None
            attending = rng.randint(*people)  # drawn before the cost, as always: the same demo
            activity_record(
                actor=actors.get(plan.unit_id, admin), unit=plan.unit, item=item, kind=kind, title=title,
                description=description, findings=findings, start_on=start, end_on=end,
                participants=attending, cost=rng.randint(*cost) * 1000,
                trees=attending // 2 if kind == K.TREE_PLANTING else None,  # about a tree for two people
            )
            count += 1
    return count
