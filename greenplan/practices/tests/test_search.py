"""Search of the library: with or without diacritics, any case, every word; filters by group,
kind of unit and area. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest
from django.urls import reverse

from greenplan.practices import services as S
from greenplan.practices.selectors import Filters, practices_visible, published_practices

pytestmark = pytest.mark.django_db

TEXTS = [
    # (unit attribute, group, title, done)
    ("a1", 3, "Tiết kiệm điện trong phân xưởng cán thép", "Thay đèn LED, lắp biến tần cho quạt hút."),
    ("a2", 3, "Đổi giấy vụn lấy cây xanh", "Học sinh và giáo viên gom 1,2 tấn giấy vụn."),
    ("a2", 5, "Trường học Xanh - Sạch - Đẹp", "Phân loại rác tại nguồn, vườn rau sạch của trường."),
    ("b1", 7, "Quỹ khuyến khích sáng kiến xanh", "Công đoàn trích 15 triệu đồng thưởng sáng kiến giảm điện năng."),
]


@pytest.fixture
def library(tree, in_period):
    made = {}
    for attr, group, title, done in TEXTS:
        unit = getattr(tree, attr)
        practice = S.practice_propose(actor=tree.users.admin, unit=unit, group=group, title=title, done=done)
        made[title] = S.practice_publish(actor=tree.users.admin, practice=practice)
    made["draft"] = S.practice_propose(actor=tree.users.reporter_a1, unit=tree.a1, group=3,
                                       title="Tiết kiệm điện ở nhà ăn ca", done="Tắt bớt đèn.")
    return made


def titles(qs):
    return sorted(p.title for p in qs)


@pytest.mark.parametrize("query", ["tiet kiem dien", "Tiết kiệm điện", "TIẾT KIỆM ĐIỆN", "TIET   kiem", "điện thép"])
def test_diacritics_and_case_do_not_matter(library, query):
    assert titles(published_practices(Filters(q=query))) == ["Tiết kiệm điện trong phân xưởng cán thép"]


def test_every_word_must_appear_somewhere_in_title_content_or_unit(library):
    assert titles(published_practices(Filters(q="dien"))) == ["Quỹ khuyến khích sáng kiến xanh",
                                                             "Tiết kiệm điện trong phân xưởng cán thép"]
    assert titles(published_practices(Filters(q="giay vun le loi"))) == ["Đổi giấy vụn lấy cây xanh"]
    assert titles(published_practices(Filters(q="dien giay"))) == []


def test_percent_and_underscore_are_plain_characters(library):
    assert titles(published_practices(Filters(q="%"))) == []
    assert titles(published_practices(Filters(q="_"))) == []


def test_filters_by_group_kind_and_area(library, tree):
    assert titles(published_practices(Filters(group=5))) == ["Trường học Xanh - Sạch - Đẹp"]
    assert titles(published_practices(Filters(area=tree.b))) == ["Quỹ khuyến khích sáng kiến xanh"]
    # "xanh" is in two titles of HP-A's subtree and in the name of HP-A-01 (Công ty TNHH Thép Xanh)
    assert len(published_practices(Filters(area=tree.a, q="xanh"))) == 3
    assert len(published_practices(Filters(kind="grassroots"))) == 4
    assert len(published_practices(Filters(kind="commune"))) == 0


def test_an_unpublished_practice_is_found_only_within_its_units_scope(library, tree):
    assert "Tiết kiệm điện ở nhà ăn ca" not in titles(published_practices(Filters(q="tiet kiem dien")))
    assert "Tiết kiệm điện ở nhà ăn ca" in titles(practices_visible(tree.users.reporter_a1, Filters(q="tiet kiem")))
    assert "Tiết kiệm điện ở nhà ăn ca" not in titles(practices_visible(tree.users.reporter_a2,
                                                                         Filters(q="tiet kiem")))


def test_the_library_page_searches_without_diacritics(library, client, tree):
    client.force_login(tree.users.viewer_b)
    response = client.get(reverse("practices:library"), {"q": "tiet kiem dien"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tiết kiệm điện trong phân xưởng cán thép" in page
    assert "Đổi giấy vụn" not in page and "nhà ăn ca" not in page


def test_the_library_page_filters_by_area_and_group(library, client, tree):
    client.force_login(tree.users.outsider)  # signed in, no role: reads the published ones
    page = client.get(reverse("practices:library"), {"area": "hp-b", "group": "7"}).content.decode()
    assert "Quỹ khuyến khích sáng kiến xanh" in page and "Tiết kiệm điện" not in page
