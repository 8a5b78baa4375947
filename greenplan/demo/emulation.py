"""The demo movement of the seed (item 5.1–5.2), "Xanh - Sạch - Đẹp, Bảo đảm an toàn, vệ sinh lao
động", with a 100-point sheet for 2025 and a year of scores: grassroots unions under a few
superior unions and the superior unions themselves register, self-score, and their direct
superiors verify (adjusting a few points with a reason) and confirm — or have not yet.

The award thresholds are the known ones (Hướng dẫn 168/HD-TLĐ: 91 points for the
Confederation's Bằng khen to a grassroots union, 96 for the emulation flag to an upper level);
the criteria and their points are a realistic sheet that folds in the greening criteria the
seed asks for (5.2), since the official item-by-item table was not found. Deterministic:
one seeded generator, units taken in path order.
"""

import random
from decimal import Decimal
from typing import Any

from greenplan.accounts.models import Membership, Role, User
from greenplan.emulation import services
from greenplan.emulation.models import Entry, Sheet
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children

YEAR = 2025
MOVEMENT = {
    "code": "XSD-ATVSLD",
    "name": "Xanh - Sạch - Đẹp, Bảo đảm an toàn, vệ sinh lao động",
    "description": "Phong trào thi đua do Tổng Liên đoàn Lao động Việt Nam phát động, được điều chỉnh nội hàm theo "
                   "Kế hoạch thực hiện Chiến lược quốc gia về tăng trưởng xanh (mục 5.1, 5.2): xanh hóa cơ quan, "
                   "doanh nghiệp, cải thiện môi trường làm việc và cảnh quan.",
}
GROUPS: list[dict[str, Any]] = [
    {"code": "I", "title": "Xanh - Sạch - Đẹp nơi làm việc", "criteria": [
        {"code": "1.1", "title": "Trồng, chăm sóc cây xanh, vườn hoa, thảm cỏ trong khuôn viên cơ quan, doanh nghiệp",
         "max_points": 8, "evidence": "Ảnh chụp khuôn viên; biên bản, danh sách trồng cây"},
        {"code": "1.2", "title": "Nơi làm việc, nhà ăn, khu vệ sinh sạch sẽ; phân loại rác thải tại nguồn",
         "max_points": 8, "evidence": "Ảnh chụp; nội quy phân loại rác; biên bản kiểm tra"},
        {"code": "1.3", "title": "Giảm rác thải nhựa, dùng sản phẩm thân thiện với môi trường",
         "max_points": 7, "evidence": "Kế hoạch, ảnh hoạt động; số túi vải, bình nước đã trao"},
        {"code": "1.4", "title": "Sử dụng tiết kiệm điện, nước, nhiên liệu",
         "max_points": 7, "evidence": "Số liệu tiêu thụ điện, nước hai năm liền kề"},
    ]},
    {"code": "II", "title": "Bảo đảm an toàn, vệ sinh lao động", "criteria": [
        {"code": "2.1", "title": "Mạng lưới an toàn, vệ sinh viên được kiện toàn và hoạt động hiệu quả",
         "max_points": 8, "evidence": "Quyết định thành lập, danh sách an toàn vệ sinh viên, sổ ghi chép"},
        {"code": "2.2",
         "title": "Quan trắc môi trường lao động, khám sức khỏe định kỳ, khám phát hiện bệnh nghề nghiệp",
         "max_points": 8, "evidence": "Kết quả quan trắc; hợp đồng, danh sách khám sức khỏe"},
        {"code": "2.3", "title": "Huấn luyện an toàn, vệ sinh lao động và phòng cháy, chữa cháy cho người lao động",
         "max_points": 7, "evidence": "Kế hoạch, danh sách học viên, giấy chứng nhận huấn luyện"},
        {"code": "2.4", "title": "Trang bị phương tiện bảo vệ cá nhân, cải thiện điều kiện làm việc",
         "max_points": 7, "evidence": "Sổ cấp phát; ảnh các hạng mục cải thiện"},
    ]},
    {"code": "III", "title": "Xanh hóa cơ quan, doanh nghiệp (tăng trưởng xanh)", "criteria": [
        {"code": "3.1", "title": "Tuyên truyền Chiến lược quốc gia về tăng trưởng xanh, lối sống xanh cho đoàn viên",
         "max_points": 7, "evidence": "Hoạt động tuyên truyền đã ghi; số lượt người được tuyên truyền"},
        {"code": "3.2", "title": "Sáng kiến tiết kiệm năng lượng, sản xuất sạch hơn, kinh tế tuần hoàn được áp dụng",
         "max_points": 8, "evidence": "Danh sách sáng kiến được công nhận, hiệu quả làm lợi"},
        {"code": "3.3", "title": "Đối thoại, thỏa ước lao động tập thể có nội dung môi trường làm việc, việc làm xanh",
         "max_points": 5, "evidence": "Biên bản đối thoại; điều khoản thỏa ước"},
        {"code": "3.4", "title": "Tham gia kiểm tra, giám sát việc thực hiện pháp luật về bảo vệ môi trường",
         "max_points": 5, "evidence": "Biên bản kiểm tra, giám sát và kiến nghị"},
    ]},
    {"code": "IV", "title": "Tổ chức phong trào", "criteria": [
        {"code": "4.1", "title": "Phối hợp với thủ trưởng, người sử dụng lao động phát động, có kế hoạch hưởng ứng",
         "max_points": 5, "evidence": "Kế hoạch, văn bản phát động"},
        {"code": "4.2", "title": "Sơ kết, tổng kết, khen thưởng và nhân rộng điển hình",
         "max_points": 5, "evidence": "Báo cáo sơ kết, tổng kết; quyết định khen thưởng"},
        {"code": "4.3", "title": "Báo cáo kết quả đầy đủ, đúng hạn",
         "max_points": 5, "evidence": "Báo cáo 6 tháng, năm đã gửi"},
    ]},
]
CONDITIONS: list[dict[str, str]] = [
    {"code": "DK1", "text": "Không để xảy ra tai nạn lao động chết người trong năm"},
    {"code": "DK2", "text": "Không để xảy ra cháy, nổ nghiêm trọng trong năm"},
    {"code": "DK3", "text": "Công đoàn được xếp loại hoàn thành tốt nhiệm vụ (vững mạnh) trong năm"},
    {"code": "DK4", "text": "Được Liên đoàn Lao động tỉnh, thành phố tặng Bằng khen về phong trào năm trước"},
]
AWARDS: list[dict[str, Any]] = [
    {"code": "CO-TLD", "name": "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam", "min_score": 96,
     "applies_to": "upper", "conditions": ["DK1", "DK2"]},
    {"code": "BK-TLD", "name": "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "min_score": 91,
     "applies_to": "grassroots", "conditions": ["DK1", "DK2", "DK3", "DK4"]},
]
SUPERIORS = 4  # superior unions whose grassroots unions take part
PER_SUPERIOR = 10
UPPER = 6  # superior unions that take part themselves (verified by the province)
REASONS = [
    "Chưa có biên bản kiểm tra kèm theo, trừ điểm theo hướng dẫn.",
    "Số liệu tiêu thụ điện chưa so sánh được với năm trước.",
    "Minh chứng huấn luyện chỉ có danh sách, chưa có giấy chứng nhận.",
]


def _account(unit: Unit) -> User | None:
    return User.objects.filter(username=unit.code.lower()).first()


def _admin(root: Unit) -> User:
    membership = Membership.objects.filter(unit=root, role=Role.ADMIN).select_related("user").first()
    if membership is None:
        raise ValueError(f"no admin on {root.code} to load the demo movement")
    return membership.user


def demo_sheet(root: Unit) -> Sheet:
    sheet = Sheet.objects.filter(movement__code=MOVEMENT["code"], year=YEAR).first()
    if sheet is None:
        sheet = services.sheet_load(actor=_admin(root), movement=MOVEMENT, year=YEAR, groups=GROUPS,
                                    conditions=CONDITIONS, awards=AWARDS)
    return sheet


def _points(rng: random.Random, quality: float) -> dict[str, Decimal]:
    out = {}
    for group in GROUPS:
        for c in group["criteria"]:
            top = Decimal(c["max_points"])
            share = min(1.0, max(0.3, quality + rng.uniform(-0.08, 0.06)))
            out[c["code"]] = min(top, (top * Decimal(str(share)) * 2).quantize(Decimal(1)) / 2)
    return out


def _take_part(rng: random.Random, sheet: Sheet, unit: Unit, verifier: User, state: str) -> Entry | None:
    actor = _account(unit)
    if actor is None or Entry.objects.filter(sheet=sheet, unit=unit).exists():
        return None
    entry = services.entry_register(actor=actor, sheet=sheet, unit=unit)
    quality = rng.choice((0.72, 0.8, 0.86, 0.9, 0.93, 0.95, 0.97, 0.99))
    met = {c["code"]: "1" for c in CONDITIONS}
    if rng.random() < 0.12:
        met["DK1"] = "0"
    if rng.random() < 0.25:
        met["DK4"] = "0"
    entry = services.entry_self_score(actor=actor, entry=entry, points=_points(rng, quality), conditions=met)
    if state == "draft":
        return entry
    entry = services.entry_submit(actor=actor, entry=entry)
    if state == "submitted":
        return entry
    if rng.random() < 0.4:
        code = rng.choice([c["code"] for g in GROUPS for c in g["criteria"]])
        own = next(s.self_points for s in entry.scores.select_related("criterion") if s.criterion.code == code)
        lower = max(Decimal(0), (own or Decimal(0)) - Decimal(rng.choice((1, 2))))
        services.entry_verify(actor=verifier, entry=entry, points={code: lower}, reasons={code: rng.choice(REASONS)})
    return services.entry_confirm(actor=verifier, entry=entry)


def _state(i: int) -> str:
    return "draft" if i % 10 == 9 else "submitted" if i % 10 in (3, 7) else "confirmed"


def load_demo_emulation(root: Unit, seed: int = 2030) -> int:
    """The 2025 sheet and the entries of the demo province; returns how many entries were made."""
    rng = random.Random(seed)
    sheet = demo_sheet(root)
    admin = _admin(root)
    count = 0
    uppers = [u for u in unit_children(root).order_by("path") if not u.kind.is_grassroots]
    for i, upper in enumerate(uppers[:UPPER]):
        count += _take_part(rng, sheet, upper, admin, _state(i + 1)) is not None
    taken = 0
    for upper in uppers:
        if taken == SUPERIORS:
            break
        grassroots = [u for u in unit_children(upper).order_by("path") if u.kind.is_grassroots][:PER_SUPERIOR]
        verifier = _account(upper)
        if len(grassroots) < 5 or verifier is None:
            continue
        taken += 1
        for i, unit in enumerate(grassroots):
            count += _take_part(rng, sheet, unit, verifier, _state(i)) is not None
    return count
