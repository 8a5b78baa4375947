"""A password change or reset ends the user's tokens and other sessions; the account page lists tokens."""

import pytest
from django.test import Client
from django.urls import reverse

from greenplan.accounts.models import ApiToken, Role
from greenplan.accounts.services import user_reset_password
from greenplan.accounts.tokens import token_issue
from greenplan.testing.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db
ME = "/api/v1/me"
NEW = "xanh-sach-dep-2031"


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def signed_in(user):
    other = Client()
    other.force_login(user)
    return other


def test_changing_ones_password_revokes_every_token_and_other_session(client, tree):
    user = tree.users.reporter_a1
    raw, _ = token_issue(user=user)
    token_issue(user=user)
    other_browser = signed_in(user)
    unrelated, _ = token_issue(user=tree.users.reporter_a2)
    client.force_login(user)
    r = client.post(reverse("password_change"),
                    {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert client.get(ME, headers=bearer(raw)).status_code == 401
    assert client.get(reverse("account")).status_code == 200  # the session that changed it stays
    assert other_browser.get(reverse("account")).status_code == 302  # the other one is signed out
    assert client.get(ME, headers=bearer(unrelated)).status_code == 200


def test_an_admin_reset_revokes_the_users_tokens_and_sessions(client, tree):
    target = tree.users.reporter_a1
    admin_a = make_user("admin_a", tree.a, Role.ADMIN)
    raw, _ = token_issue(user=target)
    their_browser = signed_in(target)
    admin_raw, _ = token_issue(user=admin_a)
    client.force_login(admin_a)
    assert client.post(reverse("manage:password_reset", args=[target.pk])).status_code == 200
    assert client.get(ME, headers=bearer(raw)).status_code == 401
    assert their_browser.get(reverse("account")).status_code == 302
    assert client.get(ME, headers=bearer(admin_raw)).status_code == 200


def test_the_reset_service_revokes_tokens_whoever_calls_it(tree):
    target = tree.users.reporter_a1
    token_issue(user=target)
    user_reset_password(actor=make_user("admin_a", tree.a, Role.ADMIN), user=target)
    assert not ApiToken.objects.filter(user=target).exists()


def test_the_account_page_lists_tokens_without_their_secret(client, tree):
    user = tree.users.reporter_a1
    raw, _ = token_issue(user=user)
    token_issue(user=user)
    token_issue(user=tree.users.reporter_a2)
    client.force_login(user)
    r = client.get(reverse("account"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Mã truy cập API" in html
    assert html.count('data-testid="token"') == 2
    token = ApiToken.objects.filter(user=user).first()
    assert raw not in html and token.key_hash not in html
    assert "Chưa dùng" in html  # last used


def test_a_user_revokes_one_of_their_tokens(client, tree):
    user = tree.users.reporter_a1
    raw, _ = token_issue(user=user)
    kept, _ = token_issue(user=user)
    token = ApiToken.objects.filter(user=user).order_by("created_at", "pk").first()
    client.force_login(user)
    r = client.post(reverse("account_token_revoke", args=[token.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("account")
    assert client.get(ME, headers=bearer(raw)).status_code == 401
    assert client.get(ME, headers=bearer(kept)).status_code == 200
    assert "Đã thu hồi mã truy cập." in client.get(reverse("account")).content.decode()


def test_a_user_cannot_revoke_someone_elses_token(client, tree):
    raw, _ = token_issue(user=tree.users.reporter_a2)
    token = ApiToken.objects.get()
    client.force_login(tree.users.reporter_a1)
    assert client.post(reverse("account_token_revoke", args=[token.pk])).status_code == 404
    assert client.get(ME, headers=bearer(raw)).status_code == 200


def test_a_user_revokes_all_their_tokens(client, tree):
    user = tree.users.reporter_a1
    for _ in range(3):
        token_issue(user=user)
    other, _ = token_issue(user=tree.users.reporter_a2)
    client.force_login(user)
    assert client.post(reverse("account_tokens_revoke_all")).status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert client.get(ME, headers=bearer(other)).status_code == 200


def test_revoking_needs_post_and_a_signed_in_user(client, tree):
    assert client.get(reverse("account")).status_code == 302
    assert client.post(reverse("account_tokens_revoke_all")).status_code == 302
    client.force_login(tree.users.reporter_a1)
    assert client.get(reverse("account_tokens_revoke_all")).status_code == 405
