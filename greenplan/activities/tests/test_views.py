"""The activity pages: who reads and writes, 403/404, the form (Vietnamese errors), filters, files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.activities.models import Activity
from greenplan.activities.services import activity_record
from greenplan.testing.factories import LAST_MONTH, activity_data
from greenplan.testing.files import png_bytes, xlsx_bytes


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def recorded(tree, a1_item):
    return activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=a1_item,
                           files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")], **activity_data())


def form_post(**changes):
    data = {"kind": "training", "item": "", "title": "Tập huấn tiết kiệm năng lượng",
            "start_on": LAST_MONTH.strftime("%d/%m/%Y"), "end_on": "", "participants": "48",
            "cost": "1.500.000", "description": "", "findings": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("reporter_a1", "HP-A-01", 200), ("approver_a", "HP-A-01", 200), ("admin", "HP-A-01", 200),
        ("viewer_b", "HP-B-01", 200), ("viewer_b", "HP-A-01", 403), ("outsider", "HP-A-01", 403),
        ("reporter_a1", "HP-A-02", 403), ("reporter_a1", "HP-A", 403), ("reporter_a1", "NOPE", 404),
    ],
)
def test_who_reads_the_list(client, tree, username, code, expected):
    as_user(client, getattr(tree.users, username))
    assert client.get(f"/activities/{code}/").status_code == expected


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("reporter_a1", "HP-A-01", 200), ("approver_a", "HP-A-01", 200), ("admin", "HP-A-01", 200),
        ("viewer_b", "HP-B-01", 403), ("reporter_a2", "HP-A-01", 403), ("outsider", "HP-A-01", 403),
        ("reporter_a1", "NOPE", 404),
    ],
)
def test_who_opens_the_form(client, tree, username, code, expected):
    as_user(client, getattr(tree.users, username))
    assert client.get(f"/activities/{code}/new/").status_code == expected


def test_anonymous_is_sent_to_log_in(client, tree):
    assert client.get("/activities/HP-A-01/").status_code == 302


def test_start_goes_to_the_users_unit(client, tree):
    as_user(client, tree.users.reporter_a1)
    assert client.get("/activities/")["Location"] == "/activities/HP-A-01/"
    as_user(client, tree.users.outsider)
    assert client.get("/activities/").status_code == 403


def test_the_form_preselects_the_item(client, tree, a1_item):
    as_user(client, tree.users.reporter_a1)
    page = client.get(f"/activities/HP-A-01/new/?item={a1_item.pk}").content.decode()
    assert f'<option value="{a1_item.pk}" selected>1.1 ' in page


def test_a_reporter_records_an_activity_with_a_file(client, tree, a1_item, media):
    as_user(client, tree.users.reporter_a1)
    response = client.post("/activities/HP-A-01/new/", form_post(
        item=str(a1_item.pk),
        files=[SimpleUploadedFile("anh.png", png_bytes()), SimpleUploadedFile("ds.xlsx", xlsx_bytes())]))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/activities/HP-A-01/#activity-{activity.pk}"
    assert (activity.item, activity.cost, activity.participants) == (a1_item, 1_500_000, 48)
    assert sorted(activity.evidence.values_list("name", flat=True)) == ["anh.png", "ds.xlsx"]
    page = client.get("/activities/HP-A-01/").content.decode()
    assert "Tập huấn tiết kiệm năng lượng" in page and "1.500.000" in page
    assert LAST_MONTH.strftime("%d/%m/%Y") in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_on": "2026-13-45"}, "start_on", "Ngày phải viết theo dạng ngày/tháng/năm"),
        ({"start_on": (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")}, "start_on",
         "không được sau hôm nay"),
        ({"cost": "-200.000"}, "cost", "Kinh phí không được âm"),
        ({"cost": "một triệu"}, "cost", "Hãy nhập một số nguyên"),
        ({"cost": "15.00.000"}, "cost", "Hãy nhập một số nguyên"),
        ({"cost": "1 5"}, "cost", "Hãy nhập một số nguyên"),
        ({"participants": "\u0663\u0660"}, "participants", "Hãy nhập một số nguyên"),
        ({"participants": "\uff13\uff10"}, "participants", "Hãy nhập một số nguyên"),
        ({"participants": "-3"}, "participants", "Số người tham gia không được âm"),
        ({"title": ""}, "title", "Cần nhập tên hoạt động"),
        ({"kind": ""}, "kind", "Hãy chọn loại hoạt động"),
        ({"files": [SimpleUploadedFile("x.exe", b"MZ")]}, "files", "chỉ nhận PDF"),
    ],
)
def test_form_errors_are_in_vietnamese_and_nothing_is_saved(client, tree, changes, field, message):
    as_user(client, tree.users.reporter_a1)
    response = client.post("/activities/HP-A-01/new/", form_post(**changes))
    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-testid="error-{field}"' in page and message in page
    assert not Activity.objects.exists()


def test_an_item_of_another_unit_is_not_offered(client, tree, cascade):
    _hp, a_plan, _a1 = cascade
    as_user(client, tree.users.reporter_a1)
    response = client.post("/activities/HP-A-01/new/", form_post(item=str(a_plan.items.get(code="1.1").pk)))
    assert response.status_code == 422 and not Activity.objects.exists()


def test_a_viewer_may_not_post(client, tree):
    as_user(client, tree.users.viewer_b)
    assert client.post("/activities/HP-B-01/new/", form_post()).status_code == 403
    assert not Activity.objects.exists()


def test_edit_and_delete(client, tree, recorded):
    as_user(client, tree.users.reporter_a1)
    url = f"/activities/HP-A-01/{recorded.pk}/"
    page = client.get(url).content.decode()
    assert 'value="Trồng cây xanh tại khuôn viên"' in page and "bien-ban.pdf" in page
    assert 'value="4.500.000"' in page and f'value="{LAST_MONTH.strftime("%d/%m/%Y")}"' in page
    response = client.post(url, form_post(item=str(recorded.item_id), title="Trồng 40 cây sao đen",
                                          remove_files=[str(recorded.evidence.get().pk)]))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.title == "Trồng 40 cây sao đen" and not recorded.evidence.exists()
    assert client.post(url + "delete/").status_code == 302
    assert not Activity.objects.exists()


def test_edit_errors_keep_the_activity(client, tree, recorded):
    as_user(client, tree.users.reporter_a1)
    response = client.post(f"/activities/HP-A-01/{recorded.pk}/", form_post(cost="-1"))
    assert response.status_code == 422 and "Kinh phí không được âm" in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.cost == 4_500_000


@pytest.mark.parametrize(
    ("username", "path", "expected"),
    [
        ("viewer_b", "/activities/HP-A-01/{pk}/", 403),
        ("reporter_a2", "/activities/HP-A-01/{pk}/", 403),
        ("approver_a", "/activities/HP-A-01/{pk}/", 200),
        ("reporter_a1", "/activities/HP-A-01/99999/", 404),
        ("approver_a", "/activities/HP-A/{pk}/", 404),  # another unit's activity is not reached through HP-A
        ("reporter_a2", "/activities/HP-A-02/{pk}/", 404),
    ],
)
def test_who_edits(client, tree, recorded, username, path, expected):
    as_user(client, getattr(tree.users, username))
    assert client.get(path.format(pk=recorded.pk)).status_code == expected


@pytest.mark.parametrize("username", ["viewer_b", "reporter_a2", "outsider"])
def test_others_may_not_delete(client, tree, recorded, username):
    as_user(client, getattr(tree.users, username))
    assert client.post(f"/activities/HP-A-01/{recorded.pk}/delete/").status_code == 403
    assert Activity.objects.exists()


def test_evidence_download_is_scoped(client, tree, recorded):
    evidence = recorded.evidence.get()
    path = f"/activities/HP-A-01/{recorded.pk}/files/{evidence.pk}/"
    as_user(client, tree.users.approver_a)
    response = client.get(path)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "bien-ban.pdf" in response["Content-Disposition"]
    assert client.get(f"/activities/HP-A-01/{recorded.pk}/files/999/").status_code == 404
    assert client.get(f"/activities/HP-A/{recorded.pk}/files/{evidence.pk}/").status_code == 404
    as_user(client, tree.users.viewer_b)
    assert client.get(path).status_code == 403


def test_the_list_filters_by_item_and_year(client, tree, a1_item):
    old = datetime.date(2024, 6, 5)
    activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(title="Năm cũ", start_on=old))
    activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=a1_item, **activity_data(title="Theo mục"))
    as_user(client, tree.users.reporter_a1)
    page = client.get(f"/activities/HP-A-01/?item={a1_item.pk}").content.decode()
    assert "Theo mục" in page and "Năm cũ" not in page
    page = client.get("/activities/HP-A-01/?year=2024").content.decode()
    assert "Năm cũ" in page and "Theo mục" not in page
    page = client.get("/activities/HP-A-01/?year=abc").content.decode()
    assert page.index("Theo mục") < page.index("Năm cũ")  # newest first


def test_the_list_takes_a_fixed_number_of_queries(client, tree, a1_item):
    as_user(client, tree.users.reporter_a1)
    client.get("/activities/HP-A-01/")  # warm up the session and the grants

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/activities/HP-A-01/").status_code == 200
        return len(ctx)

    activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=a1_item,
                    files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")], **activity_data())
    few = count()
    for n in range(5):
        activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=a1_item,
                        files=[SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4")], **activity_data(title=f"Hoạt động {n}"))
    assert count() == few
