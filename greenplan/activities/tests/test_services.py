"""Recording, changing and deleting activities: the happy path and every refusal (nothing saved)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.activities.models import Activity, Evidence
from greenplan.activities.services import MAX_FILES, activity_delete, activity_record, activity_update
from greenplan.plans.services import plan_issue, plan_revise
from greenplan.testing.factories import LAST_MONTH, activity_data
from greenplan.testing.files import docx_bytes, jpeg_bytes

TODAY = datetime.date.today()


def pdf(name="bien-ban.pdf", content=b"%PDF-1.4 minh chung"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def record(tree, **changes):
    return activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(**changes))


def refusal(exc_info) -> dict:
    return exc_info.value.message_dict


def test_a_reporter_records_an_activity_against_an_item_with_evidence(tree, a1_item, media):
    activity = record(tree, item=a1_item, end_on=LAST_MONTH + datetime.timedelta(days=1),
                      files=[pdf(), SimpleUploadedFile("anh.JPG", jpeg_bytes())])
    activity.refresh_from_db()
    assert activity.unit == tree.a1 and activity.item == a1_item
    assert activity.recorded_by == tree.users.reporter_a1 and activity.recorded_at is not None
    assert (activity.participants, activity.cost) == (35, 4_500_000)
    files = list(activity.evidence.all())
    assert [f.name for f in files] == ["bien-ban.pdf", "anh.JPG"]
    assert files[0].file.name.startswith("activities/HP-A-01/")
    assert (media / files[0].file.name).read_bytes() == b"%PDF-1.4 minh chung"


def test_an_activity_needs_no_item_nor_numbers(tree):
    activity = record(tree, participants=None, cost=None, kind="other", title="  Họp ban chấp hành  ")
    assert activity.item is None and activity.title == "Họp ban chấp hành"


def test_superiors_record_for_their_subordinates(tree, a1_item):
    activity = activity_record(actor=tree.users.approver_a, unit=tree.a1, item=a1_item, **activity_data())
    assert activity.recorded_by == tree.users.approver_a


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_on": TODAY + datetime.timedelta(days=1)}, "start_on", "không được sau hôm nay"),
        ({"start_on": None}, "start_on", "Cần nhập ngày thực hiện"),
        ({"end_on": LAST_MONTH - datetime.timedelta(days=1)}, "end_on", "phải từ ngày thực hiện trở đi"),
        ({"end_on": TODAY + datetime.timedelta(days=2)}, "end_on", "không được sau hôm nay"),
        ({"cost": -1}, "cost", "Kinh phí không được âm"),
        ({"participants": -5}, "participants", "Số người tham gia không được âm"),
        ({"cost": 10**15}, "cost", "Kinh phí quá lớn"),
        ({"title": "   "}, "title", "Cần nhập tên hoạt động"),
        ({"title": "x" * 301}, "title", "quá dài"),
        ({"kind": "party"}, "kind", "Hãy chọn loại hoạt động"),
        ({"files": [pdf("virus.exe")]}, "files", "chỉ nhận PDF"),
        ({"files": [pdf("rong.pdf", b"")]}, "files", "rỗng"),
        ({"files": [pdf(f"{n}.pdf") for n in range(MAX_FILES + 1)]}, "files", "tối đa 10 tệp"),
    ],
)
def test_invalid_activities_are_refused_in_vietnamese_and_nothing_is_saved(tree, media, changes, field, message):
    with pytest.raises(ValidationError) as exc:
        record(tree, files=[pdf()], **changes) if "files" not in changes else record(tree, **changes)
    assert message in " ".join(refusal(exc)[field])
    assert not Activity.objects.exists() and not Evidence.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_file_over_the_limit_is_refused(tree, monkeypatch):
    big = pdf()
    monkeypatch.setattr(big, "size", 20 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError) as exc:
        record(tree, files=[big])
    assert "quá lớn (tối đa 20 MB)" in refusal(exc)["files"][0]


def test_an_item_of_another_units_plan_is_refused(tree, cascade):
    _hp, a_plan, _a1 = cascade
    with pytest.raises(ValidationError) as exc:
        record(tree, item=a_plan.items.get(code="1.1"))
    assert refusal(exc)["item"] == ["Mục 1.1 không thuộc kế hoạch hiện hành của đơn vị HP-A-01."]
    assert not Activity.objects.exists()


def test_an_item_of_a_superseded_revision_is_refused(tree, cascade):
    _hp, _a, a1 = cascade
    plan_issue(actor=tree.users.reporter_a1, plan=a1, number="05", issued_on=LAST_MONTH, signer="Lê Thị C")
    old_item = a1.items.get(code="1.1")
    plan_revise(actor=tree.users.reporter_a1, plan=a1)
    with pytest.raises(ValidationError) as exc:
        record(tree, item=old_item)
    assert "không thuộc kế hoạch hiện hành" in refusal(exc)["item"][0]


@pytest.mark.parametrize("username", ["viewer_b", "outsider", "reporter_a2"])
def test_only_reporters_of_the_unit_or_above_may_record(tree, username):
    with pytest.raises(PermissionDenied):
        activity_record(actor=getattr(tree.users, username), unit=tree.a1, **activity_data())
    assert not Activity.objects.exists()


def test_the_viewer_above_may_not_record_either(tree):
    with pytest.raises(PermissionDenied):
        activity_record(actor=tree.users.viewer_b, unit=tree.b1, **activity_data())


def test_update_changes_fields_adds_and_removes_files(tree, a1_item, media, django_capture_on_commit_callbacks):
    activity = record(tree, files=[pdf("a.pdf"), pdf("b.pdf")])
    first = activity.evidence.get(name="a.pdf")
    stored = media / first.file.name
    with django_capture_on_commit_callbacks(execute=True):
            activity_update(actor=tree.users.reporter_a1, unit=tree.a1, activity=activity,
                        data={"item": a1_item, "cost": 0, "findings": "Đã trồng đủ"},
                        add_files=[SimpleUploadedFile("c.docx", docx_bytes())], remove_files=[first.pk])
    activity.refresh_from_db()
    assert (activity.item, activity.cost, activity.findings, activity.participants) == (a1_item, 0, "Đã trồng đủ", 35)
    assert sorted(activity.evidence.values_list("name", flat=True)) == ["b.pdf", "c.docx"]
    assert not stored.exists()


def test_an_invalid_update_changes_nothing(tree, media):
    activity = record(tree, files=[pdf("a.pdf")])
    with pytest.raises(ValidationError) as exc:
        activity_update(actor=tree.users.reporter_a1, unit=tree.a1, activity=activity,
                        data={"cost": -100, "title": "Khác"}, add_files=[pdf("b.pdf")],
                        remove_files=[activity.evidence.get().pk])
    assert "Kinh phí không được âm" in refusal(exc)["cost"][0]
    activity.refresh_from_db()
    assert (activity.title, activity.cost) == ("Trồng cây xanh tại khuôn viên", 4_500_000)
    assert list(activity.evidence.values_list("name", flat=True)) == ["a.pdf"]
    assert len(list(media.rglob("*.pdf"))) == 1


def test_the_item_is_checked_only_when_it_changes(tree, cascade):
    _hp, _a, a1 = cascade
    plan_issue(actor=tree.users.reporter_a1, plan=a1, number="05", issued_on=LAST_MONTH, signer="Lê Thị C")
    activity = record(tree, item=a1.items.get(code="1.1"))
    new = plan_revise(actor=tree.users.reporter_a1, plan=a1)
    activity.refresh_from_db()
    assert activity.item.plan == new  # it followed the item into the revision in force
    activity_update(actor=tree.users.reporter_a1, unit=tree.a1, activity=activity,
                    data={"item": activity.item, "title": "Sửa tên"})
    activity.refresh_from_db()
    assert activity.title == "Sửa tên"


def test_another_units_activity_is_refused(tree):
    activity = record(tree)
    # The approver of HP-A may act on HP-A-01's activities, but not through HP-A.
    with pytest.raises(ValidationError) as exc:
        activity_update(actor=tree.users.approver_a, unit=tree.a, activity=activity, data={"title": "Khác"})
    assert "thuộc đơn vị khác" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        activity_delete(actor=tree.users.approver_a, unit=tree.a, activity=activity)
    assert Activity.objects.get().title == "Trồng cây xanh tại khuôn viên"


@pytest.mark.parametrize("username", ["reporter_a2", "viewer_b", "outsider"])
def test_others_may_not_change_or_delete(tree, username):
    activity = record(tree)
    user = getattr(tree.users, username)
    with pytest.raises(PermissionDenied):
        activity_update(actor=user, unit=tree.a1, activity=activity, data={"title": "Khác"})
    with pytest.raises(PermissionDenied):
        activity_delete(actor=user, unit=tree.a1, activity=activity)
    assert Activity.objects.get().title == "Trồng cây xanh tại khuôn viên"


def test_delete_removes_the_activity_and_its_files(tree, media, django_capture_on_commit_callbacks):
    activity = record(tree, files=[pdf()])
    stored = media / activity.evidence.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        activity_delete(actor=tree.users.reporter_a1, unit=tree.a1, activity=activity)
    assert not Activity.objects.exists() and not Evidence.objects.exists()
    assert not stored.exists()


def test_deleting_an_item_of_a_draft_keeps_its_activities(tree, a1_item):
    from greenplan.plans.services import item_delete

    activity = record(tree, item=a1_item)
    item_delete(actor=tree.users.reporter_a1, item=a1_item)
    activity.refresh_from_db()
    assert activity.item is None
