"""The notifications pages: each user sees and marks only their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.notifications.models import Notification
from greenplan.notifications.services import notifications_for, notify, reporters_by_unit, unread_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(tree):
    mine = [
        notify(users=[tree.users.reporter_a1], kind="deadline", title=f"Nhắc nộp số {i}",
               body="Công đoàn phường Hồng Bàng", url="/reports/HP-A-01/2026H1/")[0]
        for i in range(3)
    ]
    theirs = notify(users=[tree.users.reporter_a2], kind="returned", title="Báo cáo của người khác")[0]
    return mine, theirs


def login(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_only_the_users_own_newest_first(client, tree, notes):
    mine, _theirs = notes
    html = login(client, tree.users.reporter_a1).get("/notifications/").content.decode()
    assert "Báo cáo của người khác" not in html
    assert html.index("Nhắc nộp số 2") < html.index("Nhắc nộp số 1") < html.index("Nhắc nộp số 0")
    assert html.count('data-read="0"') == 3 and 'data-testid="read-all"' in html


def test_an_empty_list(client, tree):
    html = login(client, tree.users.outsider).get("/notifications/").content.decode()
    assert 'data-testid="no-notifications"' in html


def test_anonymous_users_log_in_first(client, tree):
    assert client.get("/notifications/").status_code == 302


def test_mark_one_read(client, tree, notes):
    mine, _theirs = notes
    response = login(client, tree.users.reporter_a1).post(f"/notifications/{mine[0].pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert unread_count(tree.users.reporter_a1) == 2
    html = client.get("/notifications/").content.decode()
    assert html.count('data-read="1"') == 1


def test_nobody_marks_another_persons_notification(client, tree, notes):
    _mine, theirs = notes
    for url in (f"/notifications/{theirs.pk}/read/", f"/notifications/{theirs.pk}/open/"):
        assert login(client, tree.users.reporter_a1).post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(client, tree, notes):
    login(client, tree.users.reporter_a1).post("/notifications/read/")
    assert unread_count(tree.users.reporter_a1) == 0
    assert unread_count(tree.users.reporter_a2) == 1


def test_marking_needs_post(client, tree, notes):
    mine, _theirs = notes
    login(client, tree.users.reporter_a1)
    assert client.get(f"/notifications/{mine[0].pk}/read/").status_code == 405
    assert client.get("/notifications/read/").status_code == 405
    assert unread_count(tree.users.reporter_a1) == 3


def test_opening_marks_read_and_goes_to_the_target(client, tree, notes):
    mine, _theirs = notes
    response = login(client, tree.users.reporter_a1).post(f"/notifications/{mine[1].pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/reports/HP-A-01/2026H1/"
    mine[1].refresh_from_db()
    assert mine[1].read_at is not None


def test_opening_never_leaves_the_site(client, tree):
    note = Notification.objects.create(user=tree.users.reporter_a1, kind="deadline", title="x",
                                       url="//evil.example/")
    response = login(client, tree.users.reporter_a1).post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_the_badge_counts_unread(client, tree, notes):
    html = login(client, tree.users.reporter_a1).get("/notifications/badge/").content.decode()
    assert 'data-testid="unread-count">3<' in html and 'href="/notifications/"' in html
    client.post("/notifications/read/")
    html = client.get("/notifications/badge/").content.decode()
    assert "unread-count" not in html and "Thông báo" in html


def test_the_badge_is_empty_for_anonymous_users(client, tree):
    response = client.get("/notifications/badge/")
    assert response.status_code == 204 and response.content == b""


def test_the_badge_is_cheap(client, tree, notes):
    login(client, tree.users.reporter_a1).get("/notifications/badge/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/badge/")
    assert len(queries) <= 3  # session, user, count


def test_read_functions(tree, notes):
    assert notifications_for(tree.users.reporter_a2).count() == 1
    by_unit = reporters_by_unit([tree.a1, tree.a2, tree.b1])
    assert {k: [u.username for u in v] for k, v in by_unit.items()} == {
        tree.a1.pk: ["reporter_a1"], tree.a2.pk: ["reporter_a2"]
    }
