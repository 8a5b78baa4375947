import datetime

import pytest
from django.urls import reverse

from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create, unit_dissolve

pytestmark = pytest.mark.django_db


def detail(code):
    return reverse("unit_detail", args=[code])


def test_tree_starts_at_the_scope_roots_with_their_children(client, tree):
    client.force_login(tree.users.approver_a)
    html = client.get(reverse("unit_tree")).content.decode()
    assert "Công đoàn phường Hồng Bàng" in html
    assert "Công đoàn Công ty TNHH Thép Xanh" in html
    assert "Công đoàn Trường Tiểu học Lê Lợi" in html
    assert "Hải Phòng" not in html.split('data-testid="unit-tree"')[1]
    assert "Công đoàn ngành Giáo dục" not in html


def test_htmx_expansion_returns_only_the_children(client, tree):
    client.force_login(tree.users.admin)
    r = client.get(detail("HP-B"), HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<html" not in html
    assert "Công đoàn Trường THPT Ngô Quyền" in html
    assert "80 đoàn viên" in html


def test_unit_detail_shows_breadcrumbs_and_children(client, tree):
    client.force_login(tree.users.admin)
    html = client.get(detail("HP-A-01")).content.decode()
    crumbs = html[html.index('data-testid="breadcrumbs"'):html.index("</ol>")]
    assert "Liên đoàn Lao động thành phố Hải Phòng" in crumbs and "Công đoàn phường Hồng Bàng" in crumbs
    assert "01/01/2020" in html  # dd/mm/yyyy


def test_breadcrumbs_stay_inside_the_scope(client, tree):
    client.force_login(tree.users.reporter_a1)
    html = client.get(detail("HP-A-01")).content.decode()
    crumbs = html[html.index('data-testid="breadcrumbs"'):html.index("</ol>")]
    assert "Hồng Bàng" not in crumbs and "Hải Phòng" not in crumbs


def test_unit_codes_are_case_insensitive_in_urls(client, tree):
    client.force_login(tree.users.admin)
    assert client.get(detail("hp-a")).status_code == 200


def test_search_finds_a_unit_without_diacritics(client, tree):
    client.force_login(tree.users.admin)
    r = client.get(reverse("unit_tree"), {"q": "hai phong"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html
    assert "Liên đoàn Lao động thành phố Hải Phòng" in html


def test_search_works_without_javascript(client, tree):
    client.force_login(tree.users.admin)
    html = client.get(reverse("unit_tree"), {"q": "ngo quyen"}).content.decode()
    assert "<html" in html and "Công đoàn Trường THPT Ngô Quyền" in html


def test_search_respects_the_scope(client, tree):
    client.force_login(tree.users.reporter_a1)
    html = client.get(reverse("unit_tree"), {"q": "HP-A-02"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Lê Lợi" not in html
    assert "Không tìm thấy đơn vị nào" in html
    html = client.get(reverse("unit_tree"), {"q": "cong doan"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Thép Xanh" in html and "Lê Lợi" not in html and "Hồng Bàng" not in html


def test_a_sibling_unit_is_forbidden_in_vietnamese(client, tree):
    client.force_login(tree.users.reporter_a1)
    r = client.get(detail("HP-A-02"))
    assert r.status_code == 403
    assert "Không có quyền truy cập" in r.content.decode()
    assert client.get(detail("HP-A"), HTTP_HX_REQUEST="true").status_code == 403


def test_an_unknown_unit_is_404(client, tree):
    client.force_login(tree.users.admin)
    r = client.get(detail("NOPE"))
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.content.decode()


def test_the_tree_needs_login(client, tree):
    assert client.get(reverse("unit_tree")).status_code == 302
    assert client.get(detail("HP")).status_code == 302


def test_dissolved_units_are_hidden_until_asked_for(client, tree):
    unit_dissolve(unit=tree.a2, date=datetime.date.today())
    client.force_login(tree.users.approver_a)
    html = client.get(reverse("unit_tree")).content.decode()
    assert "Lê Lợi" not in html
    html = client.get(reverse("unit_tree"), {"dissolved": "1"}).content.decode()
    assert "Lê Lợi" in html and "Đã giải thể từ" in html and "gp-dissolved" in html
    children = client.get(detail("HP-A"), {"dissolved": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Lê Lợi" in children


def test_numbers_use_the_vietnamese_format(client, tree):
    kind = UnitKind.objects.get(code="grassroots")
    unit_create(parent=tree.b, code="HP-B-99", name="Công đoàn Công ty May Lớn", kind=kind,
                members=12345, workers=23456)
    client.force_login(tree.users.admin)
    html = client.get(detail("HP-B")).content.decode()
    assert "12.345 đoàn viên" in html and "23.456 người lao động" in html


def test_tree_pages_do_not_query_per_unit(client, tree, django_assert_max_num_queries):
    kind = UnitKind.objects.get(code="grassroots")
    for i in range(30):
        unit_create(parent=tree.b, code=f"HP-B-{i + 10}", name=f"Công đoàn cơ sở số {i}", kind=kind, members=i)
    client.force_login(tree.users.admin)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("unit_tree")).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(detail("HP-B"), HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(detail("HP-B")).status_code == 200
    with django_assert_max_num_queries(7):  # the tree page plus the search
        assert client.get(reverse("unit_tree"), {"q": "cong doan"}).status_code == 200
