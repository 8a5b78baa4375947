import pytest
from django.urls import reverse

from greenplan.orgs.services import unit_update

pytestmark = pytest.mark.django_db


def test_home_needs_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


def test_home_shows_units_role_and_counts(client, tree):
    unit_update(unit=tree.root, members=12345)
    client.force_login(tree.users.admin)
    r = client.get(reverse("home"))
    html = r.content.decode()
    assert "Liên đoàn Lao động thành phố Hải Phòng" in html
    assert "Quản trị" in html
    assert 'data-testid="stat-units">6<' in html
    # 12,345 + 120 + 40 + 80 in the Vietnamese number format.
    assert 'data-testid="stat-members">12.585<' in html
    assert "Công đoàn cơ sở" in html


def test_home_counts_only_the_scope(client, tree):
    client.force_login(tree.users.approver_a)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="stat-units">3<' in html
    assert 'data-testid="stat-members">160<' in html
    assert "Duyệt" in html


def test_home_summary_is_one_query(client, tree, django_assert_max_num_queries):
    client.force_login(tree.users.admin)
    # session, user, grants, scope roots (page), summary, scope roots (navigation), and the
    # duties without an open period: periods (twice), memberships, the approval count, the
    # units without a plan (count, list, own plan)
    with django_assert_max_num_queries(13):
        client.get(reverse("home"))


def test_navigation_shows_the_unit_and_role(client, tree):
    client.force_login(tree.users.reporter_a1)
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('data-testid="nav-scope"'):]
    assert nav.index("Công đoàn Công ty TNHH Thép Xanh") < nav.index("Nhập báo cáo") < nav.index("</div>")


def test_an_account_without_role_sees_a_hint(client, tree):
    client.force_login(tree.users.outsider)
    html = client.get(reverse("home")).content.decode()
    assert "chưa được phân quyền" in html


def test_the_member_figures_say_where_they_come_from(client, tree):
    client.force_login(tree.users.admin)
    html = client.get(reverse("home")).content.decode()
    note = html[html.index('data-testid="members-note"'):]
    assert "danh sách đơn vị" in note[:400] and "Tổng hợp" in note[:400]
