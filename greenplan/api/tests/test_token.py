import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from greenplan.accounts.models import ApiToken, hash_token
from greenplan.testing.personas import PASSWORD

URL = "/api/v1/auth/token"


def post_token(client, username, password, **headers):
    return client.post(
        URL, {"username": username, "password": password}, content_type="application/json", headers=headers
    )


@pytest.mark.django_db
def test_it_issues_a_token_that_opens_the_api(client, tree):
    r = post_token(client, "reporter_a1", PASSWORD)
    assert r.status_code == 200
    raw = r.json()["token"]
    token = ApiToken.objects.get(user=tree.users.reporter_a1)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    expected = timezone.now() + settings.API_TOKEN_TTL
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200 and me.json()["username"] == "reporter_a1"


@pytest.mark.django_db
def test_it_refuses_a_wrong_password(client, tree):
    r = post_token(client, "reporter_a1", "wrong-password")
    assert r.status_code == 401
    assert r.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_user(client, tree):
    r = post_token(client, "nobody", PASSWORD)
    assert r.status_code == 401
    assert r.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}


@pytest.mark.django_db
def test_it_refuses_an_inactive_user(client, tree):
    tree.users.reporter_a1.is_active = False
    tree.users.reporter_a1.save()
    assert post_token(client, "reporter_a1", PASSWORD).status_code == 401


@pytest.mark.django_db
def test_it_locks_the_account_after_repeated_failures(client, tree):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert post_token(client, "reporter_a1", "wrong-password").status_code == 401
    locked = post_token(client, "reporter_a1", "wrong-password")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert "bị khóa" in locked.json()["detail"]
    # Even the right password is refused while the lock lasts, still as JSON.
    again = post_token(client, "reporter_a1", PASSWORD)
    assert again.status_code == 429
    assert "thử lại sau" in again.json()["detail"]
    assert not ApiToken.objects.exists()
    # Another account is not affected.
    assert post_token(client, "reporter_a2", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_it_explains_the_lock_in_english(client, tree):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_token(client, "reporter_a1", "wrong-password")
    vi = post_token(client, "reporter_a1", PASSWORD)
    en = post_token(client, "reporter_a1", PASSWORD, accept_language="en")
    assert vi.status_code == en.status_code == 429
    assert set(en.json()) == {"detail"}


@pytest.mark.django_db
def test_it_lists_missing_fields(client, tree):
    r = client.post(URL, {"username": "reporter_a1"}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["errors"] == [{"field": "password", "message": "Thiếu trường bắt buộc.", "type": "missing"}]
    assert "password" in body["detail"]


@pytest.mark.django_db
def test_it_refuses_malformed_json(client, tree):
    r = client.post(URL, '{"username": "reporter_a1",', content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"detail": "Nội dung yêu cầu không đọc được: cần JSON hợp lệ."}
