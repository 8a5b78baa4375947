import datetime

import pytest
from django.utils import timezone

from greenplan.accounts.models import ApiToken

ME = "/api/v1/me"


@pytest.mark.django_db
def test_it_refuses_a_missing_token(client, tree):
    r = client.get(ME)
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Bearer"
    assert "Authorization" in r.json()["detail"]


@pytest.mark.django_db
def test_it_refuses_an_invalid_token(client, tree):
    r = client.get(ME, headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert r.json() == {"detail": "Mã truy cập không hợp lệ."}


@pytest.mark.django_db
def test_it_refuses_another_scheme(client, tree):
    assert client.get(ME, headers={"Authorization": "Basic abc"}).status_code == 401


@pytest.mark.django_db
def test_it_refuses_an_expired_token(client, tree, bearer):
    headers = bearer(tree.users.admin)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    r = client.get(ME, headers=headers)
    assert r.status_code == 401
    assert "hết hạn" in r.json()["detail"]


@pytest.mark.django_db
def test_it_refuses_the_token_of_a_deactivated_user(client, tree, bearer):
    headers = bearer(tree.users.admin)
    tree.users.admin.is_active = False
    tree.users.admin.save()
    assert client.get(ME, headers=headers).status_code == 401


@pytest.mark.django_db
def test_it_records_use_at_most_once_a_minute(client, tree, bearer):
    headers = bearer(tree.users.admin)
    client.get(ME, headers=headers)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(ME, headers=headers)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(ME, headers=headers)
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.django_db
def test_it_lists_the_users_roles(client, tree, bearer):
    r = client.get(ME, headers=bearer(tree.users.approver_a))
    assert r.status_code == 200
    body = r.json()
    assert body["username"] == "approver_a"
    assert body["roles"] == [{"unit": "HP-A", "role": "approver"}]


@pytest.mark.django_db
def test_it_lists_no_roles_for_an_outsider(client, tree, bearer):
    assert client.get(ME, headers=bearer(tree.users.outsider)).json()["roles"] == []
