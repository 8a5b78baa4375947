import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from greenplan.accounts.models import ApiToken
from greenplan.accounts.tokens import token_issue

URL = "/api/v1/auth/token"
ME = "/api/v1/me"


def auth(raw, **headers):
    return {"Authorization": f"Bearer {raw}", **headers}


@pytest.mark.django_db
def test_it_revokes_the_token_in_use(client, tree):
    raw, _ = token_issue(user=tree.users.reporter_a1)
    other, _ = token_issue(user=tree.users.reporter_a1)
    r = client.delete(URL, headers=auth(raw))
    assert r.status_code == 204 and r.content == b""
    assert client.get(ME, headers=auth(raw)).status_code == 401
    # Only the token in use goes: the user's other token still opens the API.
    assert client.get(ME, headers=auth(other)).status_code == 200
    assert ApiToken.objects.filter(user=tree.users.reporter_a1).count() == 1


@pytest.mark.django_db
def test_it_refuses_to_revoke_without_a_valid_token(client, tree):
    r = client.delete(URL, headers=auth("not-a-token"))
    assert r.status_code == 401
    assert r.json() == {"detail": "Mã truy cập không hợp lệ."}
    assert client.delete(URL).status_code == 401


@pytest.mark.django_db
def test_it_documents_the_revocation(client, tree):
    doc = client.get("/api/v1/openapi.json").json()
    delete = doc["paths"]["/api/v1/auth/token"]["delete"]
    assert {"204", "401"} <= set(delete["responses"])
    assert delete.get("security")
    assert f"at most {settings.API_TOKEN_MAX_PER_USER} live" in " ".join(doc["info"]["description"].split())
    assert f"lasts {settings.API_TOKEN_TTL.days} days" in " ".join(doc["info"]["description"].split())


@pytest.mark.django_db
def test_it_keeps_at_most_the_cap_of_live_tokens_revoking_the_oldest(client, tree):
    user = tree.users.reporter_a1
    cap = settings.API_TOKEN_MAX_PER_USER
    raws = [token_issue(user=user)[0] for _ in range(cap + 2)]
    assert ApiToken.objects.filter(user=user).count() == cap
    assert client.get(ME, headers=auth(raws[0])).status_code == 401
    assert client.get(ME, headers=auth(raws[1])).status_code == 401
    assert client.get(ME, headers=auth(raws[2])).status_code == 200
    assert client.get(ME, headers=auth(raws[-1])).status_code == 200
    # Another user's tokens are not counted against this one.
    token_issue(user=tree.users.reporter_a2)
    assert ApiToken.objects.filter(user=user).count() == cap


@pytest.mark.django_db
def test_it_deletes_expired_tokens_when_issuing(tree):
    user = tree.users.reporter_a1
    token_issue(user=tree.users.reporter_a2)
    token_issue(user=user)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    token_issue(user=user)
    # Expired ones go, whoever they belong to: nobody's dead tokens pile up.
    assert ApiToken.objects.count() == 1


def test_the_lifetime_is_a_week_by_default():
    assert settings.API_TOKEN_TTL == datetime.timedelta(days=7)
