"""/audit/: admins read the audit log of their subtree, filtered, newest first, by pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from greenplan.accounts.models import Membership, Role, User
from greenplan.audit.models import LogEntry
from greenplan.audit.services import log_action
from greenplan.orgs.models import UnitKind

URL = reverse("audit:list")


def make_admin(username, unit):
    user = User.objects.create_user(username=username)
    Membership.objects.create(user=user, unit=unit, role=Role.ADMIN)
    return user


@pytest.fixture
def log(tree):
    """One entry on HP-A-01, one on HP-B-01, one of no unit (a catalogue change)."""
    users, kind = tree.users, UnitKind.objects.get(code="grassroots")
    a1 = log_action(actor=users.reporter_a1, action="report.saved", obj=tree.a1, unit=tree.a1,
                    data={"changes": [{"field": "MEMBERS", "old": "120", "new": "125"}]})
    b1 = log_action(actor=users.admin, action="unit.updated", obj=tree.b1, unit=tree.b1,
                    data={"changes": [{"field": "name", "old": "Trường cũ", "new": "Trường mới"}]})
    none = log_action(actor=users.admin, action="indicator.changed", obj=kind)
    return {"a1": a1, "b1": b1, "none": none}


@pytest.fixture
def admin_a(tree):
    """An admin of the commune union HP-A only."""
    return make_admin("admin_a", tree.a)


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def _shown(response) -> set[int]:
    return {entry.pk for entry in response.context["page"]}


def test_the_province_admin_sees_every_entry_newest_first(client, tree, log):
    response = _get(client, tree.users.admin)
    assert response.status_code == 200
    pks = [entry.pk for entry in response.context["page"]]
    assert {log["a1"].pk, log["b1"].pk, log["none"].pk} <= set(pks)
    assert pks == sorted(pks, reverse=True)
    html = response.content.decode()
    assert "Lưu báo cáo" in html and "120 → 125" in html and "reporter_a1" in html


def test_a_commune_admin_sees_only_their_subtree(client, admin_a, log):
    response = _get(client, admin_a)
    assert response.status_code == 200
    shown = _shown(response)
    assert log["a1"].pk in shown
    assert log["b1"].pk not in shown
    assert log["none"].pk not in shown, "an entry of no unit is for the root admins only"


def test_a_forged_unit_filter_cannot_widen_the_scope(client, tree, admin_a, log):
    assert _shown(_get(client, admin_a, unit="HP-B")) == set()
    assert _shown(_get(client, admin_a, unit="HP")) == {log["a1"].pk} | {
        e.pk for e in LogEntry.objects.filter(unit_code__in=["HP-A", "HP-A-01", "HP-A-02"])}


@pytest.mark.parametrize("persona", ["reporter_a1", "approver_a", "viewer_b", "outsider"])
def test_users_who_administer_no_unit_are_refused(client, tree, log, persona):
    assert _get(client, getattr(tree.users, persona)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, log):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_admin_of_another_subtree_sees_nothing_of_this_one(client, tree, log):
    admin_b = make_admin("admin_b", tree.b)
    shown = _shown(_get(client, admin_b))
    assert log["b1"].pk in shown and log["a1"].pk not in shown


def test_filters_by_actor_action_kind_and_unit(client, tree, log):
    admin = tree.users.admin
    assert _shown(_get(client, admin, actor="REPORTER_A1")) == {log["a1"].pk}
    assert _shown(_get(client, admin, action="unit.updated")) == {log["b1"].pk}
    assert _shown(_get(client, admin, kind="indicator")) == {log["none"].pk}
    assert log["a1"].pk in _shown(_get(client, admin, unit="hp-a"))
    assert log["b1"].pk not in _shown(_get(client, admin, unit="HP-A"))


def test_filters_by_a_date_range_written_day_first(client, tree, log):
    admin = tree.users.admin
    today = timezone.localdate()
    assert log["a1"].pk in _shown(_get(client, admin, date_from=f"{today:%d/%m/%Y}", date_to=f"{today:%d/%m/%Y}"))
    tomorrow = today + datetime.timedelta(days=1)
    assert _shown(_get(client, admin, date_from=f"{tomorrow:%d/%m/%Y}")) == set()


def test_a_bad_date_or_unknown_unit_is_told_and_lists_nothing(client, tree, log):
    response = _get(client, tree.users.admin, date_from="2026-01-31")
    assert response.status_code == 200 and _shown(response) == set()
    assert "audit-filter-errors" in response.content.decode()
    response = _get(client, tree.users.admin, unit="NOPE")
    assert _shown(response) == set() and "NOPE" in response.content.decode()


def test_a_changed_choice_shows_its_labels_and_the_actor_stays_on_one_line(client, tree):
    from greenplan.activities.services import activity_record, activity_update

    reporter = tree.users.reporter_a1
    activity = activity_record(actor=reporter, unit=tree.a1, kind="tree_planting", title="Ra quân",
                               start_on=datetime.date(2026, 3, 5))
    activity_update(actor=reporter, unit=tree.a1, activity=activity, data={"kind": "dialogue"})
    html = _get(client, tree.users.admin, kind="activity").content.decode()
    assert "Trồng cây xanh → Đối thoại" in html
    assert "tree_planting" not in html and "dialogue" not in html
    assert '<td class="text-nowrap" data-testid="audit-actor">reporter_a1</td>' in html
    assert "∅ → 05/03/2026" in html and "∅ → 2026-03-05" not in html


def test_a_new_period_shows_its_dates_day_first_and_open_in_words(client, tree):
    from greenplan.reporting.periods import period_create

    period_create(actor=tree.users.admin, year=2026, half=2, cutoff=datetime.date(2026, 12, 15),
                  deadline=datetime.date(2027, 1, 15))
    html = _get(client, tree.users.admin, kind="period").content.decode()
    assert "∅ → 15/01/2027" in html and "2027-01-15" not in html
    assert "∅ → Không" in html and "False" not in html


def test_results_come_by_pages_and_htmx_gets_only_the_results(client, tree):
    for _ in range(55):
        log_action(actor=tree.users.admin, action="unit.updated", obj=tree.a, unit=tree.a)
    client.force_login(tree.users.admin)
    first = client.get(URL, {"action": "unit.updated"})
    assert len(first.context["page"]) == 50 and first.context["page"].has_next()
    second = client.get(URL, {"action": "unit.updated", "page": 2}, HTTP_HX_REQUEST="true")
    assert len(second.context["page"]) == 5
    html = second.content.decode()
    assert "<html" not in html and "action=unit.updated" in html


def test_the_page_reads_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    for _ in range(30):
        log_action(actor=tree.users.admin, action="unit.updated", obj=tree.a, unit=tree.a,
                   data={"changes": [{"field": "name", "old": "a", "new": "b"}]})
    client.force_login(tree.users.admin)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_the_menu_links_the_log_for_admins_only(client, tree, admin_a):
    client.force_login(admin_a)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(tree.users.reporter_a1)
    assert URL not in client.get(reverse("home")).content.decode()

