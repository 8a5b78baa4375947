"""The library pages: proposing through the form, reviewing, and what each persona is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenplan.practices import services as S
from greenplan.practices.models import Practice
from greenplan.practices.tests.conftest import photo_bytes
from greenplan.testing.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

FORM = {"title": "Tổ tự quản xanh tại khu nhà trọ", "group": "3",
        "done": "Phối hợp 14 chủ nhà trọ lập tổ tự quản.", "results": "420 công nhân được hưởng lợi."}


@pytest.fixture
def proposed(tree, media):
    return S.practice_propose(actor=tree.users.reporter_a1, unit=tree.a1, group=3, title="Tiết kiệm điện",
                              done="Thay đèn LED.", files=[upload("xuong.jpg", photo_bytes())])


def test_a_reporter_proposes_through_the_form_with_a_photo(client, tree, media):
    client.force_login(tree.users.reporter_a1)
    assert client.get(reverse("practices:start")).url == reverse("practices:new", args=["HP-A-01"])
    response = client.post(reverse("practices:new", args=["HP-A-01"]),
                           {**FORM, "files": [upload("tro.jpg", photo_bytes()), upload("ke-hoach.pdf", pdf_bytes())]})
    practice = Practice.objects.get()
    assert response.status_code == 302 and response.url == reverse("practices:detail", args=[practice.pk])
    page = client.get(response.url).content.decode()
    photo = practice.files.get(name="tro.jpg")
    assert reverse("practices:thumbnail", args=[practice.pk, photo.pk]) in page
    assert "ke-hoach.pdf" in page and "Chờ duyệt" in page
    thumb = client.get(reverse("practices:thumbnail", args=[practice.pk, photo.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_the_form_lists_every_error_and_keeps_nothing(client, tree, media):
    client.force_login(tree.users.reporter_a1)
    response = client.post(reverse("practices:new", args=["HP-A-01"]),
                           {**FORM, "title": "", "group": "", "files": [upload("x.exe", b"MZ")]})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Cần nhập tên mô hình." in page and "Hãy chọn nhóm nhiệm vụ" in page
    assert not Practice.objects.exists()
    response = client.post(reverse("practices:new", args=["HP-A-01"]), {**FORM, "files": [upload("x.exe", b"MZ")]})
    assert response.status_code == 422 and "chỉ nhận" in response.content.decode()
    assert not Practice.objects.exists()


def test_a_viewer_and_a_sibling_cannot_propose_for_the_unit(client, tree):
    for user in (tree.users.viewer_b, tree.users.reporter_a2):
        client.force_login(user)
        assert client.post(reverse("practices:new", args=["HP-A-01"]), FORM).status_code == 403
    assert not Practice.objects.exists()


def test_the_superior_sees_it_waiting_and_publishes_it(client, tree, proposed):
    client.force_login(tree.users.approver_a)
    pending = client.get(reverse("practices:pending")).content.decode()
    assert "Tiết kiệm điện" in pending and 'data-testid="no-pending"' not in pending
    detail = client.get(reverse("practices:detail", args=[proposed.pk])).content.decode()
    assert 'data-testid="publish"' in detail
    response = client.post(reverse("practices:publish", args=[proposed.pk]), {"comment": "Mô hình tốt"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.is_published and proposed.review_comment == "Mô hình tốt"
    client.force_login(tree.users.outsider)  # now everyone signed in reads it and its files
    assert client.get(reverse("practices:detail", args=[proposed.pk])).status_code == 200
    photo = proposed.files.get()
    assert client.get(reverse("practices:file", args=[proposed.pk, photo.pk])).status_code == 200


def test_returning_needs_a_comment_and_shows_it_to_the_unit(client, tree, proposed):
    client.force_login(tree.users.approver_a)
    response = client.post(reverse("practices:return", args=[proposed.pk]), {"comment": ""})
    assert response.status_code == 422 and "lý do trả lại" in response.content.decode()
    client.post(reverse("practices:return", args=[proposed.pk]), {"comment": "Bổ sung số liệu"})
    client.force_login(tree.users.reporter_a1)
    page = client.get(reverse("practices:edit", args=[proposed.pk])).content.decode()
    assert "Bổ sung số liệu" in page
    response = client.post(reverse("practices:edit", args=[proposed.pk]), {**FORM, "results": "Giảm 18% điện."})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Practice.Status.PROPOSED and proposed.results == "Giảm 18% điện."


def test_the_unit_cannot_publish_its_own_practice(client, tree, proposed):
    client.force_login(tree.users.reporter_a1)
    assert client.post(reverse("practices:publish", args=[proposed.pk])).status_code == 403
    assert 'data-testid="publish"' not in client.get(reverse("practices:detail", args=[proposed.pk])).content.decode()
    proposed.refresh_from_db()
    assert not proposed.is_published


def test_a_published_practice_is_not_edited_through_the_page(client, tree, proposed, in_period):
    S.practice_publish(actor=tree.users.admin, practice=proposed)
    client.force_login(tree.users.reporter_a1)
    response = client.post(reverse("practices:edit", args=[proposed.pk]), {**FORM, "title": "Tên khác"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.title == "Tiết kiệm điện"


def test_another_units_proposal_is_not_found(client, tree, proposed):
    client.force_login(tree.users.reporter_a2)
    assert client.get(reverse("practices:detail", args=[proposed.pk])).status_code == 404
    assert client.get(reverse("practices:edit", args=[proposed.pk])).status_code == 404
    pending = client.get(reverse("practices:pending")).content.decode()
    assert "Tiết kiệm điện" not in pending and 'data-testid="no-pending"' in pending
    assert "Tiết kiệm điện" not in client.get(reverse("practices:library")).content.decode()


def test_the_library_page_in_english(client, tree, proposed, in_period):
    S.practice_publish(actor=tree.users.admin, practice=proposed)
    client.force_login(tree.users.viewer_b)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("practices:library")).content.decode()
    assert "Good practices" in page and "Tiết kiệm điện" in page


def test_the_library_and_the_api_read_a_fixed_number_of_queries(client, bearer, tree, in_period, media,
                                                                django_assert_max_num_queries):
    def publish(n):
        for i in range(n):
            photo = upload(f"anh-{i}.png", photo_bytes("PNG", (40, 30)))
            practice = S.practice_propose(actor=tree.users.admin, unit=tree.b1, group=4, title=f"Mô hình {i}",
                                          done="Cách làm.", files=[photo])
            S.practice_publish(actor=tree.users.admin, practice=practice)

    client.force_login(tree.users.viewer_b)
    headers = bearer(tree.users.viewer_b)
    publish(2)
    client.get(reverse("practices:library"))  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("practices:library")).status_code == 200
        assert client.get("/api/v1/practices", headers=headers).status_code == 200
    publish(5)
    with django_assert_max_num_queries(len(few.captured_queries)):  # not one more per practice or file
        client.get(reverse("practices:library"))
        assert len(client.get("/api/v1/practices", headers=headers).json()) == 7
