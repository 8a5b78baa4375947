"""Proposing, reviewing and publishing practices; what is refused and what publication counts."""

import os
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from greenplan.audit.models import LogEntry
from greenplan.practices import services as S
from greenplan.practices.models import Practice, PracticeFile
from greenplan.practices.tests.conftest import photo_bytes
from greenplan.reporting.models import Report, ReportEvent
from greenplan.reporting.services import report_approve, report_save, report_submit
from greenplan.testing.files import jpeg_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def propose(tree, **kw):
    data = {"actor": tree.users.reporter_a1, "unit": tree.a1, "group": 3,
            "title": "Tiết kiệm điện trong phân xưởng cán thép",
            "done": "Thay 420 bóng đèn huỳnh quang bằng đèn LED, lắp biến tần cho 6 quạt hút.",
            "results": "Giảm 18% điện năng, tiết kiệm 312 triệu đồng mỗi năm."}
    return S.practice_propose(**{**data, **kw})


def g3(unit, period):
    report = Report.objects.filter(unit=unit, period=period).first()
    value = report.values.filter(indicator__code="G3_MODELS_SHARED").first() if report else None
    return value.value if value else None


def test_a_reporter_proposes_a_practice_with_a_photo_and_a_document(tree, media):
    practice = propose(tree, files=[upload("xuong.jpg", photo_bytes()), upload("bao-cao.pdf", pdf_bytes())])
    assert practice.status == Practice.Status.PROPOSED
    assert practice.search_text.startswith("tiet kiem dien trong phan xuong can thep")
    photo, document = practice.files.order_by("id")
    assert photo.is_photo and not document.is_photo
    with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.width <= S.THUMBNAIL_SIZE[0] and thumb.height <= S.THUMBNAIL_SIZE[1]
        assert thumb.width * 1200 == thumb.height * 1600  # the proportions kept
    entry = LogEntry.objects.get(action="practice.proposed")
    assert entry.actor == tree.users.reporter_a1 and entry.data["files"] == ["xuong.jpg", "bao-cao.pdf"]


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_photos_get_a_thumbnail_too(tree, media, kind):
    practice = propose(tree, files=[upload(f"anh.{kind.lower()}", photo_bytes(kind, (300, 900)))])
    assert practice.files.get().is_photo


@pytest.mark.parametrize(("name", "content", "message"), [
    ("anh.jpg", jpeg_bytes(), "bị hỏng"),  # a JPEG header and nothing to draw
    ("virus.exe", b"MZ\x90\x00", "chỉ nhận"),
    ("anh.png", pdf_bytes(), "không đúng là tệp PNG"),
    ("rong.pdf", b"", "rỗng"),
])
def test_a_bad_file_refuses_the_whole_proposal(tree, media, name, content, message):
    with pytest.raises(ValidationError) as caught:
        propose(tree, files=[upload("tot.pdf", pdf_bytes()), upload(name, content)])
    assert message in " ".join(caught.value.message_dict["files"])
    assert not Practice.objects.exists() and not PracticeFile.objects.exists()
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_file_too_large_is_refused(tree, media, monkeypatch):
    monkeypatch.setattr(S, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ValidationError) as caught:
        propose(tree, files=[upload("to.pdf", pdf_bytes() + b"%" * 2000)])
    assert "quá lớn" in caught.value.message_dict["files"][0]


def test_a_picture_of_too_many_pixels_is_refused_before_decoding(tree, media, monkeypatch):
    monkeypatch.setattr(S, "MAX_PIXELS", 1000)
    with pytest.raises(ValidationError) as caught:
        propose(tree, files=[upload("to.png", photo_bytes("PNG", (100, 100)))])
    assert "triệu điểm ảnh" in caught.value.message_dict["files"][0]


def test_every_missing_field_is_named_and_nothing_is_saved(tree):
    with pytest.raises(ValidationError) as caught:
        propose(tree, title="  ", done="", group=9)
    assert set(caught.value.message_dict) == {"title", "done", "group"}
    assert "từ 1 đến 8" in caught.value.message_dict["group"][0]
    assert not Practice.objects.exists()


def test_a_title_with_a_line_break_is_refused(tree):
    with pytest.raises(ValidationError) as caught:
        propose(tree, title="Mô hình\nhai dòng")
    assert "một dòng" in caught.value.message_dict["title"][0]


@pytest.mark.parametrize("who", ["reporter_a2", "viewer_b", "outsider"])
def test_nobody_proposes_for_a_unit_outside_their_reporting_scope(tree, who):
    with pytest.raises(PermissionDenied):
        propose(tree, actor=getattr(tree.users, who))
    assert not Practice.objects.exists()


def test_the_superior_returns_with_a_comment_and_the_unit_sends_it_again(tree):
    practice = propose(tree)
    with pytest.raises(ValidationError) as caught:
        S.practice_return(actor=tree.users.approver_a, practice=practice, comment="  ")
    assert "lý do" in caught.value.message_dict["comment"][0]
    practice = S.practice_return(actor=tree.users.approver_a, practice=practice, comment="Bổ sung số liệu điện năng")
    assert practice.status == Practice.Status.RETURNED
    with pytest.raises(ValidationError):  # returned is not waiting for review
        S.practice_publish(actor=tree.users.approver_a, practice=practice)
    practice = S.practice_update(actor=tree.users.reporter_a1, practice=practice,
                                 data={"results": "Giảm 18% điện năng (từ 1.720.000 xuống 1.410.000 kWh)."})
    assert practice.status == Practice.Status.PROPOSED
    assert "1.410.000 kwh" in practice.search_text
    actions = LogEntry.objects.filter(action__startswith="practice.").order_by("pk").values_list("action", flat=True)
    assert list(actions) == ["practice.proposed", "practice.returned", "practice.updated"]


@pytest.mark.parametrize("who", ["reporter_a1", "reporter_a2", "viewer_b", "outsider"])
def test_only_an_approver_above_the_unit_publishes(tree, who):
    practice = propose(tree)
    with pytest.raises(PermissionDenied):
        S.practice_publish(actor=getattr(tree.users, who), practice=practice)
    with pytest.raises(PermissionDenied):
        S.practice_return(actor=getattr(tree.users, who), practice=practice, comment="x")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PROPOSED and practice.published_at is None


def test_an_approver_does_not_publish_the_practice_of_their_own_unit(tree):
    practice = propose(tree, actor=tree.users.approver_a, unit=tree.a)
    with pytest.raises(PermissionDenied):
        S.practice_publish(actor=tree.users.approver_a, practice=practice)
    assert S.practice_publish(actor=tree.users.admin, practice=practice).is_published  # the province does


def test_a_published_practice_is_not_edited_nor_published_twice(tree, in_period):
    practice = S.practice_publish(actor=tree.users.admin, practice=propose(tree))
    with pytest.raises(ValidationError, match="không thể sửa"):
        S.practice_update(actor=tree.users.reporter_a1, practice=practice, data={"title": "Tên khác"})
    with pytest.raises(ValidationError, match="chờ duyệt"):
        S.practice_publish(actor=tree.users.admin, practice=practice)
    practice.refresh_from_db()
    assert practice.title == "Tiết kiệm điện trong phân xưởng cán thép"


def test_another_unit_cannot_edit_the_practice(tree):
    practice = propose(tree)
    with pytest.raises(PermissionDenied):
        S.practice_update(actor=tree.users.reporter_a2, practice=practice, data={"title": "Của tôi"})


def test_publication_counts_into_the_units_report_for_that_half_year(tree, in_period):
    period = in_period
    first = S.practice_publish(actor=tree.users.approver_a, practice=propose(tree))
    assert first.published_period == period
    assert g3(tree.a1, period) == Decimal(1)
    second = propose(tree, title="Tổ tự quản xanh tại khu nhà trọ công nhân")
    S.practice_publish(actor=tree.users.admin, practice=second)
    assert g3(tree.a1, period) == Decimal(2)
    report = Report.objects.get(unit=tree.a1, period=period)
    assert report.version == 2  # two saves through the reporting service, each a version
    events = list(ReportEvent.objects.filter(report=report).order_by("version"))
    assert [e.changes[0]["new"] for e in events] == ["1", "2"]
    assert events[1].actor == tree.users.admin
    assert LogEntry.objects.filter(action="practice.published").latest("pk").data["report"] == "filled"
    assert g3(tree.a2, period) is None  # the sibling's report is untouched


def test_a_figure_the_unit_typed_higher_is_kept(tree, in_period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=in_period, version=0,
                values={"G3_MODELS_SHARED": 5})
    S.practice_publish(actor=tree.users.approver_a, practice=propose(tree))
    assert g3(tree.a1, in_period) == Decimal(5)
    assert LogEntry.objects.filter(action="practice.published").latest("pk").data["report"] == "unchanged"


def test_a_submitted_report_is_not_changed_but_the_practice_is_published(tree, in_period, monkeypatch):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=in_period, version=0, values={"MEMBERS": 120})
    monkeypatch.setattr("greenplan.reporting.services.V.missing_required", lambda *a: {})
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=in_period)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=in_period)
    practice = S.practice_publish(actor=tree.users.admin, practice=propose(tree))
    assert practice.is_published
    assert g3(tree.a1, in_period) is None
    assert LogEntry.objects.filter(action="practice.published").latest("pk").data["report"] == "locked"


def test_without_a_period_for_the_day_nothing_is_counted(tree, period):
    # Today (the real one) lies outside 2026H1, the only period defined in this test.
    practice = S.practice_publish(actor=tree.users.admin, practice=propose(tree))
    if period.start <= timezone.localdate() <= period.end:
        pytest.skip("the real date falls inside the fixture period")
    assert practice.published_period is None and not Report.objects.exists()


def test_removing_a_file_while_returned(tree, media, django_capture_on_commit_callbacks):
    practice = propose(tree, files=[upload("xuong.jpg", photo_bytes()), upload("bao-cao.pdf", pdf_bytes())])
    photo = practice.files.get(name="xuong.jpg")
    stored = photo.file.path
    with django_capture_on_commit_callbacks(execute=True):
        S.practice_update(actor=tree.users.reporter_a1, practice=practice, data={}, remove_files=[photo.pk])
    assert list(practice.files.values_list("name", flat=True)) == ["bao-cao.pdf"]
    assert not os.path.exists(stored)
