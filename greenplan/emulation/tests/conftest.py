import pytest

from greenplan.emulation.services import sheet_load

# A small sheet whose numbers the tests add up themselves: 40 + 30 + 30 = 100 points.
GROUPS = [
    {"code": "I", "title": "Xanh - Sạch - Đẹp", "criteria": [
        {"code": "1.1", "title": "Cây xanh", "max_points": 40, "evidence": "Ảnh chụp"},
        {"code": "1.2", "title": "Phân loại rác", "max_points": 30},
    ]},
    {"code": "II", "title": "An toàn, vệ sinh lao động", "criteria": [
        {"code": "2.1", "title": "Huấn luyện", "max_points": 30, "evidence": "Danh sách học viên"},
    ]},
]
CONDITIONS = [{"code": "DK1", "text": "Không để xảy ra tai nạn lao động chết người"}]
AWARDS = [
    {"code": "CO", "name": "Cờ thi đua", "min_score": 96, "applies_to": "upper", "conditions": ["DK1"]},
    {"code": "BK", "name": "Bằng khen", "min_score": 91, "applies_to": "grassroots", "conditions": ["DK1"]},
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sheet(tree):
    return sheet_load(actor=tree.users.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"}, year=2025,
                      groups=GROUPS, conditions=CONDITIONS, awards=AWARDS)


@pytest.fixture
def take_part(sheet):
    """Register `unit`, self-score it with `points` (criterion code → value) and the condition,
    submit; with `verifier`, confirm too (no adjustment)."""
    from greenplan.emulation import services

    def run(unit, reporter, points, met=True, verifier=None):
        entry = services.entry_register(actor=reporter, sheet=sheet, unit=unit)
        entry = services.entry_self_score(actor=reporter, entry=entry, points=points,
                                          conditions={"DK1": "1" if met else "0"})
        entry = services.entry_submit(actor=reporter, entry=entry)
        if verifier is not None:
            entry = services.entry_confirm(actor=verifier, entry=entry)
        return entry

    return run
