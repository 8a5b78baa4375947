"""The province edits a yearly scoring sheet while nobody has self-scored against it; the checks
(positive maxima, thresholds within the sheet's total, known conditions) refuse and save nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.emulation import services
from greenplan.emulation.models import AwardLevel, Criterion, Score
from greenplan.emulation.sheet_editor import SheetContent, sheet_content, sheet_save

EDIT = "/emulation/XSD/2025/edit/"


def _content(**changes) -> SheetContent:
    content = SheetContent(
        groups=[{"code": "I", "title": "Xanh - Sạch - Đẹp"}, {"code": "II", "title": "An toàn, vệ sinh lao động"}],
        criteria=[{"group": "I", "code": "1.1", "title": "Cây xanh", "max_points": "45", "evidence": "Ảnh"},
                  {"group": "I", "code": "1.2", "title": "Phân loại rác", "max_points": "25,5", "evidence": ""},
                  {"group": "II", "code": "2.1", "title": "Huấn luyện", "max_points": "29,5", "evidence": ""}],
        conditions=[{"code": "DK1", "text": "Không có tai nạn lao động chết người"}],
        awards=[{"code": "BK", "name": "Bằng khen", "min_score": "91", "applies_to": "grassroots",
                 "conditions": "DK1"},
                {"code": "CO", "name": "Cờ thi đua", "min_score": "96", "applies_to": "upper", "conditions": ""}],
    )
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def test_the_province_replaces_the_sheet_and_registered_units_follow(tree, sheet):
    entry = services.entry_register(actor=tree.users.reporter_a1, sheet=sheet, unit=tree.a1)
    sheet_save(actor=tree.users.admin, sheet=sheet, content=_content())
    assert services.sheet_max(sheet) == Decimal(45) + Decimal("25.5") + Decimal("29.5")
    assert sorted(Criterion.objects.filter(group__sheet=sheet).values_list("code", "max_points")) == [
        ("1.1", Decimal(45)), ("1.2", Decimal("25.5")), ("2.1", Decimal("29.5"))]
    assert {a.code: [c.code for c in a.conditions.all()] for a in AwardLevel.objects.filter(sheet=sheet)} == {
        "BK": ["DK1"], "CO": []}
    assert sorted(Score.objects.filter(entry=entry).values_list("criterion__code", flat=True)) == ["1.1", "1.2", "2.1"]
    entry = services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": "45"})
    assert entry.self_total == 45
    assert sheet_content(sheet).criteria[1]["max_points"] == "25,5"


@pytest.mark.parametrize(("changes", "key"), [
    ({"criteria": [{"group": "I", "code": "1.1", "title": "Cây xanh", "max_points": "0"}]}, "criterion-0-max_points"),
    ({"criteria": [{"group": "I", "code": "1.1", "title": "Cây xanh", "max_points": "-5"}]}, "criterion-0-max_points"),
    ({"criteria": [{"group": "I", "code": "1.1", "title": "Cây xanh", "max_points": "mười"}]},
     "criterion-0-max_points"),
    ({"criteria": [{"group": "X", "code": "1.1", "title": "Cây xanh", "max_points": "100"}]}, "criterion-0-group"),
    ({"awards": [{"code": "BK", "name": "Bằng khen", "min_score": "101", "applies_to": "all", "conditions": ""}]},
     "award-0-min_score"),
    ({"awards": [{"code": "BK", "name": "Bằng khen", "min_score": "91", "applies_to": "all", "conditions": "DK9"}]},
     "award-0-conditions"),
    ({"conditions": [{"code": "DK1", "text": "A"}, {"code": "DK1", "text": "B"}]}, "condition-1-code"),
    ({"groups": [{"code": "I", "title": "A"}, {"code": "I", "title": "B"}]}, "group-1-code"),
    ({"conditions": [{"code": "DK1", "text": ""}]}, "condition-0-text"),
    ({"criteria": []}, "__all__"),
])
def test_bad_content_is_refused_and_nothing_changes(tree, sheet, changes, key):
    before = sheet_content(sheet)
    with pytest.raises(ValidationError) as caught:
        sheet_save(actor=tree.users.admin, sheet=sheet, content=_content(**changes))
    assert key in caught.value.message_dict
    assert sheet_content(sheet) == before


def test_the_threshold_is_checked_against_the_new_total(tree, sheet):
    small = [{"group": "I", "code": "1.1", "title": "Cây xanh", "max_points": "50"},
             {"group": "II", "code": "2.1", "title": "Huấn luyện", "max_points": "40"}]
    with pytest.raises(ValidationError) as caught:
        sheet_save(actor=tree.users.admin, sheet=sheet, content=_content(criteria=small))
    assert caught.value.message_dict["award-0-min_score"] == [
        "Ngưỡng điểm của Bằng khen phải lớn hơn 0 và không vượt tổng điểm của bảng (90)."]


def test_only_the_province_edits(tree, sheet):
    for who in ("approver_a", "reporter_a1", "outsider"):
        with pytest.raises(PermissionDenied):
            sheet_save(actor=getattr(tree.users, who), sheet=sheet, content=_content())


def test_once_a_unit_has_self_scored_the_sheet_is_frozen(client, tree, sheet):
    entry = services.entry_register(actor=tree.users.reporter_a1, sheet=sheet, unit=tree.a1)
    services.entry_self_score(actor=tree.users.reporter_a1, entry=entry, points={"1.1": "10"})
    with pytest.raises(ValidationError, match="Đã có đơn vị tự chấm điểm"):
        sheet_save(actor=tree.users.admin, sheet=sheet, content=_content())
    client.force_login(tree.users.admin)
    page = client.get(EDIT).content.decode()
    assert 'data-testid="frozen"' in page and "<fieldset disabled>" in page


def test_a_proposal_freezes_the_sheet_too(tree, sheet):
    services.proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="commendation",
                             award=sheet.awards.get(code="BK"), reason="Dẫn đầu")
    with pytest.raises(ValidationError, match="đề nghị khen thưởng"):
        sheet_save(actor=tree.users.admin, sheet=sheet, content=_content())


def test_the_page_edits_and_shows_errors_in_place(client, tree, sheet):
    client.force_login(tree.users.admin)
    page = client.get(EDIT)
    assert page.status_code == 200 and 'value="Cây xanh"' in page.content.decode()
    assert 'data-testid="edit-sheet"' in client.get("/emulation/XSD/2025/").content.decode()
    form = {"group-0-code": "I", "group-0-title": "Xanh", "group-1-code": "", "group-1-title": "",
            "criterion-0-group": "I", "criterion-0-code": "1.1", "criterion-0-title": "Cây xanh",
            "criterion-0-max_points": "100", "criterion-0-evidence": "",
            "criterion-1-group": "", "criterion-1-code": "", "criterion-1-title": "", "criterion-1-max_points": "",
            "award-0-code": "BK", "award-0-name": "Bằng khen", "award-0-min_score": "120",
            "award-0-applies_to": "all", "award-0-conditions": "", "award-1-applies_to": "all"}
    refused = client.post(EDIT, form)
    assert refused.status_code == 422
    assert 'data-testid="error-award-0-min_score"' in refused.content.decode()
    assert Criterion.objects.filter(group__sheet=sheet).count() == 3
    response = client.post(EDIT, {**form, "award-0-min_score": "91"})
    assert response.status_code == 302
    assert list(Criterion.objects.filter(group__sheet=sheet).values_list("code", "max_points")) == [("1.1", 100)]


def test_others_get_403(client, tree, sheet):
    client.force_login(tree.users.approver_a)
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"group-0-code": "I"}).status_code == 403
    assert 'data-testid="edit-sheet"' not in client.get("/emulation/XSD/2025/").content.decode()
