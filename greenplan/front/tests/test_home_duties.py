"""The first screen shows each role its duty: the reporter's report, the approver's queue, the
superior's completeness over the whole subtree, late units and plans not concretized yet."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from greenplan.activities.models import Activity
from greenplan.notifications.services import notify
from greenplan.orgs.models import TreeVersion, Unit
from greenplan.plans.models import Plan
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period, Report
from greenplan.reporting.services import report_return
from greenplan.testing.factories import submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_period(code: str, year: int, half: int, deadline: datetime.date) -> Period:
    start = datetime.date(year, 1 if half == 1 else 7, 1)
    end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
    return Period.objects.create(code=code, year=year, half=half, start=start, end=end,
                                 cutoff=min(end, deadline), deadline=deadline, is_open=True)


@pytest.fixture
def periods(db):
    """Two open periods: the older one's deadline has passed, the newer one's has not."""
    late = make_period("2020H1", 2020, 1, TODAY - datetime.timedelta(days=10))
    current = make_period("2020H2", 2020, 2, TODAY + datetime.timedelta(days=20))
    return late, current


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</section>", start)]


def number(html: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}"[^>]*>([\d.]+)<', html)
    assert found, testid
    return int(found.group(1).replace(".", ""))


# --- the reporter -------------------------------------------------------------------------------


def test_reporter_sees_each_open_report_with_status_deadline_and_one_button(client, tree, periods):
    late, current = periods
    html = section(home(client, tree.users.reporter_a1), "duty-reporter")
    assert html.count('data-testid="duty-report"') == 2
    assert html.count('data-testid="duty-report-button"') == 2  # one button per report
    assert f'href="{report_url(tree.a1, current)}"' in html and "Nhập báo cáo" in html
    assert current.deadline.strftime("%d/%m/%Y") in html and late.deadline.strftime("%d/%m/%Y") in html
    assert "Quá hạn" in html  # the older period's deadline has passed with nothing sent
    assert "Chưa có báo cáo" in html


def test_a_returned_report_comes_first_with_its_comment(client, tree, periods):
    late, current = periods
    report = submit(tree, "a1", late)
    report_return(actor=tree.users.approver_a, unit=tree.a1, period=late, version=report.version,
                  comment="Thiếu số liệu mua sắm xanh")
    html = section(home(client, tree.users.reporter_a1), "duty-reporter")
    first = html.index('data-testid="duty-report"')
    assert html.index('data-state="returned"') < html.index('data-state="missing"')
    assert html.index('data-state="returned"') - first < 100  # the first card
    assert "Thiếu số liệu mua sắm xanh" in html
    assert "Sửa và gửi lại" in html


def test_reporter_sees_this_periods_activities_only(client, tree, periods):
    _late, current = periods
    for day, title in ((current.start, "Trồng cây trong kỳ"), (current.start - datetime.timedelta(days=1), "Kỳ trước")):
        Activity.objects.create(unit=tree.a1, kind="tree_planting", title=title, start_on=day)
    Activity.objects.create(unit=tree.a2, kind="tree_planting", title="Của đơn vị khác", start_on=current.start)
    html = section(home(client, tree.users.reporter_a1), "duty-activities")
    expected = Activity.objects.filter(unit=tree.a1, start_on__range=(current.start, current.end)).count()
    assert number(html, "activity-count") == expected == 1
    assert "Trồng cây trong kỳ" in html and "Kỳ trước" not in html and "Của đơn vị khác" not in html
    assert reverse("activities:new", args=["HP-A-01"]) in html


def test_a_viewer_has_no_report_nor_queue_to_handle(client, tree, periods):
    html = home(client, tree.users.viewer_b)
    assert 'data-testid="duty-reporter"' not in html
    assert 'data-testid="duty-approver"' not in html
    assert 'data-testid="duty-subtree"' not in html


# --- the approver and the admin -----------------------------------------------------------------


@pytest.fixture
def submitted(tree, periods):
    """a1, a2, b1 and the commune union a submitted in the late period; a1 also in the current one."""
    late, current = periods
    for key in ("a1", "a2", "b1", "a"):
        submit(tree, key, late)
    submit(tree, "a1", current)
    return tree


def awaiting_for(approver_units: list[Unit]) -> int:
    """Submitted reports of open periods strictly below the given units, counted independently."""
    return sum(
        1 for r in Report.objects.filter(status="submitted", period__is_open=True).select_related("unit")
        if any(r.unit.path.startswith(u.path) and r.unit.pk != u.pk for u in approver_units)
    )


def test_approver_sees_how_many_reports_wait_for_them(client, submitted, periods):
    tree = submitted
    html = section(home(client, tree.users.approver_a), "duty-approver")
    assert number(html, "awaiting-count") == awaiting_for([tree.a]) == 3  # a1 twice, a2; not a, not b1
    assert reverse("reporting:queue_next") in html
    admin_html = section(home(client, tree.users.admin), "duty-approver")
    assert number(admin_html, "awaiting-count") == awaiting_for([tree.root]) == 5


def completeness_block(html: str, period: Period) -> str:
    """The period's block: from its marker to the next period's block (or the end)."""
    start = html.index(f'data-period="{period.code}"')
    end = html.find('data-testid="completeness"', start)
    return html[start:end if end != -1 else None]


def test_admin_sees_completeness_of_every_level_and_the_late_units(client, submitted, periods):
    tree = submitted
    late, current = periods
    html = section(home(client, tree.users.admin), "duty-subtree")
    below = Unit.objects.exclude(pk=tree.root.pk)
    sent = Report.objects.filter(period=late, status__in=["submitted", "approved"]).exclude(unit=tree.root)
    block = completeness_block(html, late)
    assert number(block, "expected") == below.count() == 5
    assert number(block, "received") == sent.count() == 4
    assert number(block, "late") == 1
    missing = below.exclude(pk__in=sent.values("unit_id"))
    assert [u.code for u in missing] == ["HP-B"]
    assert "Công đoàn ngành Giáo dục" in block.split('data-testid="late-units"')[1]
    current_block = completeness_block(html, current)
    assert number(current_block, "received") == 1
    assert number(current_block, "missing") == 4  # not late yet: the deadline is ahead
    assert 'data-testid="late"' not in current_block


def test_approver_completeness_covers_only_the_units_below_their_unit(client, submitted, periods):
    tree = submitted
    late, _current = periods
    block = completeness_block(section(home(client, tree.users.approver_a), "duty-subtree"), late)
    assert number(block, "expected") == 2 and number(block, "received") == 2 and number(block, "late") == 0


def test_units_that_did_not_exist_in_the_period_are_not_counted(client, submitted, periods):
    tree = submitted
    late, current = periods
    Unit.objects.filter(pk=tree.b1.pk).update(valid_from=current.start)  # founded after the late period
    TreeVersion.bump()
    block = completeness_block(section(home(client, tree.users.admin), "duty-subtree"), late)
    assert number(block, "expected") == 4
    assert number(block, "received") == 3  # b1's report is not one of the expected ones


def test_admin_sees_plans_not_concretized_at_every_level(client, tree, periods, cascade):
    html = section(home(client, tree.users.admin), "duty-subtree")
    without = Unit.objects.exclude(pk=tree.root.pk).exclude(
        pk__in=Plan.objects.filter(superseded_at__isnull=True).values("unit_id"))
    assert sorted(u.code for u in without) == ["HP-A-02", "HP-B", "HP-B-01"]
    assert "3 đơn vị chưa có kế hoạch: 1 công đoàn cấp trên, 2 công đoàn cơ sở." in html
    assert "Công đoàn ngành Giáo dục" in html.split('data-testid="plans-missing-units"')[1]
    assert reverse("plans:coverage", args=["HP"]) in html


def test_an_approver_does_not_get_the_admins_plan_duty(client, tree, periods, cascade):
    html = section(home(client, tree.users.approver_a), "duty-subtree")
    assert 'data-testid="plans-missing"' not in html


def test_home_costs_a_fixed_number_of_queries(client, submitted, django_assert_max_num_queries):
    client.force_login(submitted.users.admin)
    client.get(reverse("home"))  # the first read fills the stored expected counts
    with django_assert_max_num_queries(26):
        client.get(reverse("home"))


# --- the approval queue ---------------------------------------------------------------------------


def queue_order(user_units: list[Unit]) -> list[Report]:
    waiting = Report.objects.filter(status="submitted", period__is_open=True).select_related("unit", "period")
    reports = [r for r in waiting
               if any(r.unit.path.startswith(u.path) and r.unit.pk != u.pk for u in user_units)]
    return sorted(reports, key=lambda r: (r.submitted_at, r.pk))


def test_the_queue_opens_the_oldest_report_and_moves_on_after_each_decision(client, submitted):
    tree = submitted
    client.force_login(tree.users.approver_a)
    order = queue_order([tree.a])
    assert len(order) == 3
    response = client.get(reverse("reporting:queue_next"))
    assert response["Location"] == report_url(order[0].unit, order[0].period) + "?queue=1"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="queue-position"' in page and 'name="queue" value="1"' in page

    first = order[0]
    response = client.post(report_url(first.unit, first.period),
                           {"action": "approve", "version": first.version, "queue": "1"})
    assert response["Location"] == report_url(order[1].unit, order[1].period) + "?queue=1"
    first.refresh_from_db()
    assert first.status == "approved"

    second = order[1]
    response = client.post(report_url(second.unit, second.period),
                           {"action": "return", "version": second.version, "queue": "1", "comment": "Thiếu tệp"})
    assert response["Location"] == report_url(order[2].unit, order[2].period) + "?queue=1"

    third = order[2]
    response = client.post(report_url(third.unit, third.period),
                           {"action": "approve", "version": third.version, "queue": "1"})
    assert response["Location"] == reverse("reporting:queue")
    assert 'data-testid="queue-empty"' in client.get(response["Location"]).content.decode()


def test_a_decision_outside_the_queue_stays_on_the_report(client, submitted):
    tree = submitted
    client.force_login(tree.users.approver_a)
    report = queue_order([tree.a])[0]
    url = report_url(report.unit, report.period)
    response = client.post(url, {"action": "approve", "version": report.version})
    assert response["Location"] == url


def test_a_refused_return_in_the_queue_keeps_the_report_and_the_queue(client, submitted):
    tree = submitted
    client.force_login(tree.users.approver_a)
    report = queue_order([tree.a])[0]
    response = client.post(report_url(report.unit, report.period),
                           {"action": "return", "version": report.version, "queue": "1", "comment": "  "})
    assert response.status_code == 422
    assert 'name="queue" value="1"' in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_passing_over_a_report_opens_the_next_and_wraps_around(client, submitted):
    tree = submitted
    client.force_login(tree.users.approver_a)
    order = queue_order([tree.a])
    step = lambda r: client.get(reverse("reporting:queue_next"), {"after": r.pk})["Location"]  # noqa: E731
    assert step(order[0]) == report_url(order[1].unit, order[1].period) + "?queue=1"
    assert step(order[2]) == report_url(order[0].unit, order[0].period) + "?queue=1"


def test_the_queue_never_opens_a_report_the_user_may_not_decide(client, submitted):
    tree = submitted
    client.force_login(tree.users.approver_a)
    own = Report.objects.get(unit=tree.a)  # HP-A's own report goes to the province, not to HP-A
    elsewhere = Report.objects.get(unit=tree.b1)
    html = client.get(reverse("reporting:queue")).content.decode()
    assert "Công đoàn Trường THPT Ngô Quyền" not in html and f"/reports/HP-A/{own.period.code}/" not in html
    location = client.get(reverse("reporting:queue_next"), {"after": elsewhere.pk})["Location"]
    first = queue_order([tree.a])[0]
    assert location == report_url(first.unit, first.period) + "?queue=1"


def test_the_queue_is_refused_without_an_approver_role(client, tree):
    client.force_login(tree.users.reporter_a1)
    assert client.get(reverse("reporting:queue")).status_code == 403
    assert client.get(reverse("reporting:queue_next")).status_code == 403
    client.logout()
    assert client.get(reverse("reporting:queue")).status_code == 302


# --- navigation ---------------------------------------------------------------------------------


NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize("persona", ["admin", "approver_a", "reporter_a1", "reporter_a2", "viewer_b", "outsider"])
def test_every_menu_link_opens_for_the_persona(client, tree, periods, persona):
    html = home(client, getattr(tree.users, persona))
    links = sorted(set(HREF.findall(NAV.search(html).group(0))))
    assert "/" in links
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, (persona, link, response.status_code)


def test_the_menu_reaches_activities(client, tree, periods):
    html = home(client, tree.users.reporter_a1)
    assert reverse("activities:start") in NAV.search(html).group(0)


def test_every_link_on_the_home_page_opens_for_the_persona(client, submitted, periods, cascade):
    tree = submitted
    for persona in ("admin", "approver_a", "reporter_a1"):
        html = home(client, getattr(tree.users, persona))
        main = html[html.index('<main'):html.index('</main>')]
        for link in sorted(set(HREF.findall(main))):
            response = client.get(link.replace("&amp;", "&"), follow=True)
            assert response.status_code == 200, (persona, link, response.status_code)


def test_the_phone_notification_link_shows_the_unread_count(client, tree):
    notify(users=[tree.users.reporter_a1], kind="deadline", title="Tin 1", body="", url="/")
    notify(users=[tree.users.reporter_a1], kind="deadline", title="Tin 2", body="", url="/")
    client.force_login(tree.users.reporter_a1)
    html = client.get(reverse("notifications:badge"), {"compact": "1"}).content.decode()
    assert 'data-testid="unread-count-phone">2<' in html
    page = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("notifications:badge")}?compact=1"' in page


def test_a_superiors_plan_offers_a_grassroots_reader_no_link_that_ends_in_403(client, tree, cascade):
    _province, plan_a, _plan_a1 = cascade
    item = plan_a.items.order_by("order", "id").first()
    Activity.objects.create(unit=tree.a, item=item, kind="tree_planting", title="Trồng cây", start_on=TODAY)
    client.force_login(tree.users.reporter_a1)
    response = client.get(reverse("plans:plan", args=["HP-A"]))
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "1 hoạt động đã ghi" in main  # the count is shown, as text
    assert reverse("activities:list", args=["HP-A"]) not in main
    assert reverse("unit_detail", args=["HP-A"]) not in main
    for link in sorted(set(HREF.findall(main))):
        answer = client.get(link.replace("&amp;", "&"), follow=True)
        assert answer.status_code == 200, (link, answer.status_code)
    # the approver of HP-A still gets the links
    client.force_login(tree.users.approver_a)
    html = client.get(reverse("plans:plan", args=["HP-A"])).content.decode()
    assert reverse("activities:list", args=["HP-A"]) in html and reverse("unit_detail", args=["HP-A"]) in html
