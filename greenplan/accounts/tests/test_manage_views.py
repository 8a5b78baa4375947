import pytest
from django.urls import reverse

from greenplan.accounts.models import Membership, Role, User
from greenplan.testing.personas import make_user


def as_user(client, user):
    client.force_login(user)
    return client


GET_PAGES = ["manage:list", "manage:create", "manage:import", "manage:import_template"]


@pytest.mark.parametrize("name", GET_PAGES + ["manage:detail"])
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin", 200),
        ("admin_a", 200),
        ("approver_a", 403),
        ("reporter_a1", 403),
        ("viewer_b", 403),
        ("outsider", 403),
    ],
)
def test_the_permission_matrix(client, tree, admin_a, name, persona, expected):
    actor = admin_a if persona == "admin_a" else getattr(tree.users, persona)
    args = [tree.users.reporter_a1.pk] if name == "manage:detail" else []
    response = as_user(client, actor).get(reverse(name, args=args))
    assert response.status_code == expected


@pytest.mark.parametrize("name", GET_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, tree, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "next=" in response.url


@pytest.mark.parametrize(
    "name, method, data",
    [
        ("manage:detail", "get", {}),
        ("manage:detail", "post", {"full_name": "X", "email": "", "is_active": ""}),
        ("manage:password_reset", "post", {}),
        ("manage:role_set", "post", {"unit": "HP-A-01", "role": "viewer"}),
    ],
)
def test_an_hp_a_admin_gets_404_for_accounts_of_hp_b(client, tree, admin_a, name, method, data):
    target = tree.users.viewer_b
    response = getattr(as_user(client, admin_a), method)(reverse(name, args=[target.pk]), data)
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active and target.check_password("green-2030")
    assert target.memberships.count() == 1


def test_an_hp_a_admin_cannot_remove_a_role_of_hp_b(client, tree, admin_a):
    membership = tree.users.viewer_b.memberships.get()
    url = reverse("manage:role_remove", args=[tree.users.viewer_b.pk, membership.pk])
    assert as_user(client, admin_a).post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_role_id_of_another_account_is_not_found(client, tree, admin_a):
    membership = tree.users.viewer_b.memberships.get()
    url = reverse("manage:role_remove", args=[tree.users.reporter_a1.pk, membership.pk])
    assert as_user(client, admin_a).post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_list_shows_only_the_admins_scope(client, tree, admin_a):
    response = as_user(client, admin_a).get(reverse("manage:list"))
    usernames = {u.username for u in response.context["page"]}
    assert usernames == {"admin_a", "approver_a", "reporter_a1", "reporter_a2"}
    assert "viewer_b" not in response.content.decode()


@pytest.fixture
def mixed(tree):
    user = make_user("mixed", tree.a1, Role.REPORTER)
    Membership.objects.create(user=user, unit=tree.b1, role=Role.REPORTER)
    return user


def test_an_account_with_a_role_elsewhere_is_read_only(client, tree, admin_a, mixed):
    client = as_user(client, admin_a)
    page = client.get(reverse("manage:detail", args=[mixed.pk]))
    assert page.status_code == 200
    assert "chỉ được xem" in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert client.post(reverse("manage:password_reset", args=[mixed.pk])).status_code == 403
    edit = {"full_name": "Đổi", "email": "", "is_active": ""}
    assert client.post(reverse("manage:detail", args=[mixed.pk]), edit).status_code == 403
    mixed.refresh_from_db()
    assert mixed.is_active and mixed.full_name == "Mixed"


def test_non_admins_get_403_on_writes_too(client, tree):
    client = as_user(client, tree.users.approver_a)
    target = tree.users.reporter_a1
    assert client.post(reverse("manage:password_reset", args=[target.pk])).status_code == 403
    assert client.post(reverse("manage:create"), {"username": "x"}).status_code == 403


# create


def create_data(**overrides):
    return {
        "username": "Le.Thi.C", "full_name": "Lê Thị C", "email": "c@example.vn",
        "unit": "hp-a-02", "role": "reporter", "password": "",
    } | overrides


def test_create_shows_the_generated_password_once(client, tree, admin_a):
    response = as_user(client, admin_a).post(reverse("manage:create"), create_data())
    assert response.status_code == 200
    account = response.context["account"]
    user = User.objects.get(username="le.thi.c")
    assert user.check_password(account.generated_password)
    assert account.generated_password in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert user.memberships.get().unit == tree.a2


@pytest.mark.parametrize(
    "overrides, field, text",
    [
        ({"unit": "HP-B-01"}, "unit", "ngoài phạm vi quản trị"),
        ({"unit": "NOPE"}, "unit", "Không tìm thấy đơn vị"),
        ({"username": "reporter_a1"}, "username", "đã tồn tại"),
        ({"password": "12345678"}, "password", ""),
        ({"role": "boss"}, "role", ""),
    ],
)
def test_create_shows_problems_on_the_form(client, tree, admin_a, overrides, field, text):
    response = as_user(client, admin_a).post(reverse("manage:create"), create_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert text in " ".join(errors[field])
    assert not User.objects.filter(username="le.thi.c").exists()


# edit


def test_edit_changes_name_email_and_locks(client, tree, admin_a):
    target = tree.users.reporter_a1
    url = reverse("manage:detail", args=[target.pk])
    response = as_user(client, admin_a).post(url, {"full_name": "Phạm Văn D", "email": "d@example.vn"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.email, target.is_active) == ("Phạm Văn D", "d@example.vn", False)
    client.post(url, {"full_name": "Phạm Văn D", "email": "", "is_active": "on"})
    target.refresh_from_db()
    assert target.is_active


def test_an_admin_edits_their_own_name_without_locking_themselves(client, tree, admin_a):
    client = as_user(client, admin_a)
    url = reverse("manage:detail", args=[admin_a.pk])
    page = client.get(url).content.decode()
    assert 'name="is_active" value="on"' in page  # the checkbox is replaced by a hidden field
    assert client.post(url, {"full_name": "Tôi", "email": "", "is_active": "on"}).status_code == 302
    assert client.post(url, {"full_name": "Tôi", "email": ""}).status_code == 403
    admin_a.refresh_from_db()
    assert admin_a.is_active and admin_a.full_name == "Tôi"


# roles


def test_role_set_adds_a_role(client, tree, admin_a):
    target = tree.users.reporter_a1
    url = reverse("manage:role_set", args=[target.pk])
    response = as_user(client, admin_a).post(url, {"unit": "HP-A-02", "role": "viewer"})
    assert response.status_code == 302
    assert target.memberships.filter(unit=tree.a2, role=Role.VIEWER).exists()


def test_role_set_outside_scope_is_a_form_error(client, tree, admin_a):
    target = tree.users.reporter_a1
    url = reverse("manage:role_set", args=[target.pk])
    response = as_user(client, admin_a).post(url, {"unit": "HP-B", "role": "viewer"})
    assert response.status_code == 200
    assert "unit" in response.context["membership_form"].errors
    assert target.memberships.count() == 1


def test_role_remove(client, tree, admin_a):
    target = tree.users.reporter_a1
    extra = Membership.objects.create(user=target, unit=tree.a2, role=Role.VIEWER)
    url = reverse("manage:role_remove", args=[target.pk, extra.pk])
    assert as_user(client, admin_a).post(url).status_code == 302
    assert not Membership.objects.filter(pk=extra.pk).exists()


def test_removing_the_last_role_is_refused_with_a_message(client, tree, admin_a):
    target = tree.users.reporter_a1
    only = target.memberships.get()
    client = as_user(client, admin_a)
    response = client.post(reverse("manage:role_remove", args=[target.pk, only.pk]), follow=True)
    assert "vai trò cuối cùng" in response.content.decode()
    assert Membership.objects.filter(pk=only.pk).exists()


def test_role_pages_refuse_get(client, tree, admin_a):
    url = reverse("manage:role_set", args=[tree.users.reporter_a1.pk])
    assert as_user(client, admin_a).get(url).status_code == 405


# password


def test_reset_password_shows_the_new_one_once(client, tree, admin_a):
    target = tree.users.reporter_a1
    response = as_user(client, admin_a).post(reverse("manage:password_reset", args=[target.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    target.refresh_from_db()
    assert target.check_password(response.context["password"])
    assert response.context["password"] in response.content.decode()


def test_reset_password_needs_post(client, tree, admin_a):
    url = reverse("manage:password_reset", args=[tree.users.reporter_a1.pk])
    assert as_user(client, admin_a).get(url).status_code == 405


# list


@pytest.fixture
def many_accounts(tree):
    for i in range(60):
        user = make_user(f"nv{i:02d}", tree.a1, Role.REPORTER)
        Membership.objects.create(user=user, unit=tree.a2, role=Role.VIEWER)


def test_the_list_query_count_does_not_grow_with_accounts(client, tree, many_accounts, django_assert_max_num_queries):
    client = as_user(client, tree.users.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("manage:list"))
    assert len(response.context["page"]) == 50
    with django_assert_max_num_queries(8):
        response = client.get(reverse("manage:list") + "?page=2")
    assert response.context["page"].number == 2


def test_the_list_searches_and_paginates(client, tree, many_accounts):
    client = as_user(client, tree.users.admin)
    response = client.get(reverse("manage:list"), {"q": "nv05"})
    assert [u.username for u in response.context["page"]] == ["nv05"]
    response = client.get(reverse("manage:list"), {"q": "nv", "page": "2"})
    assert [u.username for u in response.context["page"]][:1] == ["nv50"]
    assert "q=nv&amp;page=1" in response.content.decode()


def test_the_list_answers_htmx_with_the_rows_only(client, tree):
    response = as_user(client, tree.users.admin).get(
        reverse("manage:list"), {"q": "reporter"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "reporter_a1" in body and "approver_a" not in body
