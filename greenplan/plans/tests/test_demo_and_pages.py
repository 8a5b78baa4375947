"""The demo plans look like a province at work, and the plan page shows the whole document."""

import datetime

from django.urls import reverse

from greenplan.demo.plans import load_demo_plans
from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.selectors import coverage


def _log_in(client, user):
    client.force_login(user)
    return client


def test_demo_plans_vary_like_real_ones(tree):
    created = load_demo_plans(tree.root, tree.users.admin)
    plans = Plan.objects.filter(superseded_at__isnull=True)
    assert created == plans.count() == 6  # HP, HP-A, HP-B and their three grassroots units
    province = plans.get(unit=tree.root)
    assert province.status == Plan.Status.ISSUED and province.items.count() == 31
    statuses = set(province.items.values_list("status", flat=True))
    assert PlanItem.Status.IN_PROGRESS in statuses or PlanItem.Status.DONE in statuses
    assert not province.items.filter(lead="").exists()
    for lower in plans.exclude(unit=tree.root):
        own = lower.items.filter(own_initiative=True)
        assert own.count() == 1 and own.get().parent_item_id is None
        assert lower.items.filter(parent_item__isnull=False).count() == lower.items.count() - 1
    # Coverage counts what the demo made: HP-A and HP-B both concretize every item they kept.
    data = coverage(tree.users.admin, tree.root)
    for ic in data.items:
        kept = PlanItem.objects.filter(parent_item=ic.item, plan__unit__in=[tree.a, tree.b]).count()
        assert ic.concretized == kept


def test_plan_page_shows_purposes_duties_and_named_targets(client, tree, province_plan):
    page = _log_in(client, tree.users.reporter_a1).get(reverse("plans:plan", args=[tree.root.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="plan-purposes"' in html and "Mục đích" in html and "Yêu cầu" in html
    assert 'data-testid="plan-duties"' in html and "Công đoàn cơ sở" in html
    # A grassroots reader sees its own level's duties opened and marked.
    assert html.count("Cấp của đơn vị") == 1
    # Item 7.3's target names the indicator and its unit, not only the code.
    assert "Tỷ lệ" in html.split('data-testid="item-7.3"')[1].split("</article>")[0]
    assert "≥ 35 %" in html
    assert html.count('href="#group-') == 8


def test_plans_start_opens_the_users_own_unit(client, tree):
    response = _log_in(client, tree.users.approver_a).get(reverse("plans:start"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan", args=["HP-A"])


def test_plans_start_refuses_a_user_without_a_unit(client, tree):
    assert _log_in(client, tree.users.outsider).get(reverse("plans:start")).status_code == 403


def test_navigation_links_to_plans_only_for_users_with_a_unit(client, tree):
    link = f'href="{reverse("plans:start")}"'
    assert link in _log_in(client, tree.users.reporter_a1).get(reverse("home")).content.decode()
    client.logout()
    assert link not in _log_in(client, tree.users.outsider).get(reverse("home")).content.decode()


def test_issued_plan_items_link_to_their_activities(client, tree, cascade):
    from greenplan.activities.services import activity_record
    from greenplan.plans.services import plan_issue

    a1 = cascade[2]
    plan_issue(actor=tree.users.reporter_a1, plan=a1, number="5", issued_on="05/01/2026", signer="Chủ tịch")
    item = a1.items.get(code="1.1")
    activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=item, kind="training", title="Tập huấn",
                    start_on=datetime.date(2026, 2, 1))
    html = _log_in(client, tree.users.reporter_a1).get(reverse("plans:plan", args=["HP-A-01"])).content.decode()
    assert f'href="/activities/HP-A-01/new/?item={item.pk}"' in html
    assert f'href="/activities/HP-A-01/?item={item.pk}"' in html and "1 hoạt động đã ghi" in html
    client.logout()
    # Someone who may only read sees the count, not the button.
    html = _log_in(client, tree.users.admin).get(reverse("plans:plan", args=["HP-A-01"])).content.decode()
    assert "1 hoạt động đã ghi" in html
