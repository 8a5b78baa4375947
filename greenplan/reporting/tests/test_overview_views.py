"""The superior's overview: statuses of the direct subordinates, counts, filters, reminders."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greenplan.notifications.models import Notification
from greenplan.orgs.models import Unit, UnitKind
from greenplan.orgs.services import unit_create
from greenplan.reporting.models import Period
from greenplan.reporting.overview.selectors import ListQuery, scope_list, scope_totals
from greenplan.reporting.services import report_approve, report_return, report_save, report_submit
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.django_db

URL = "/overview/HP-A/2026H1/"


def set_deadline(period: Period, days_from_today: int) -> Period:
    """Deadlines relative to today, so 'late' and 'on time' hold whenever the suite runs."""
    deadline = timezone.localdate() + datetime.timedelta(days=days_from_today)
    period.deadline = deadline
    period.cutoff = min(period.cutoff, deadline)
    period.save()
    return period


@pytest.fixture
def upcoming(period):
    return set_deadline(period, 20)


@pytest.fixture
def overdue(period):
    return set_deadline(period, -10)


def add_grassroots(parent: Unit, n: int) -> list[Unit]:
    kind = UnitKind.objects.get(code="grassroots")
    return [
        unit_create(parent=parent, code=f"{parent.code}-X{i:02d}", name=f"Công đoàn cơ sở số {i}",
                    kind=kind, valid_from=datetime.date(2020, 1, 1))
        for i in range(1, n + 1)
    ]


def submit(user, unit, period):
    report = report_save(actor=user, unit=unit, period=period, version=0, values=full_values()).report
    return report_submit(actor=user, unit=unit, period=period, version=report.version)


@pytest.fixture
def mixed(tree, upcoming):
    """HP-A's subordinates in every state: a1 submitted, a2 missing, x01 draft, x02 returned, x03 approved."""
    x1, x2, x3 = add_grassroots(tree.a, 3)
    admin, approver = tree.users.admin, tree.users.approver_a
    submit(tree.users.reporter_a1, tree.a1, upcoming)
    report_save(actor=admin, unit=x1, period=upcoming, version=0, values={"G3_SESSIONS": 1})
    submit(admin, x2, upcoming)
    report_return(actor=approver, unit=x2, period=upcoming, comment="Thiếu số liệu nhóm 3")
    submit(admin, x3, upcoming)
    report_approve(actor=approver, unit=x3, period=upcoming)
    return tree


def get(client, user, url=URL):
    client.force_login(user)
    return client.get(url)


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user, url, status",
    [
        ("admin", "/overview/HP/2026H1/", 200),
        ("admin", URL, 200),
        ("approver_a", URL, 200),
        ("approver_a", "/overview/HP/2026H1/", 403),
        ("approver_a", "/overview/HP-B/2026H1/", 403),
        ("reporter_a1", URL, 403),
        ("reporter_a1", "/overview/HP-A-01/2026H1/", 200),
        ("viewer_b", "/overview/HP-B/2026H1/", 200),
        ("viewer_b", URL, 403),
        ("outsider", URL, 403),
        ("admin", "/overview/NOPE/2026H1/", 404),
        ("admin", "/overview/HP-A/2031H1/", 404),
        ("admin", "/overview/HP-A/garbage/", 404),
    ],
)
def test_who_sees_which_overview(client, tree, period, user, url, status):
    assert get(client, getattr(tree.users, user), url).status_code == status


def test_anonymous_users_are_sent_to_log_in(client, tree, period):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_start_redirects_to_the_first_scope_root_and_newest_open_period(client, tree, period, previous_period):
    Period.objects.create(code="2026H2", year=2026, half=2, start=datetime.date(2026, 7, 1),
                          end=datetime.date(2026, 12, 31), cutoff=datetime.date(2026, 12, 31),
                          deadline=datetime.date(2027, 1, 15), is_open=False)
    response = get(client, tree.users.approver_a, "/overview/")
    assert response.status_code == 302 and response["Location"] == URL


def test_start_without_any_period_says_so(client, tree):
    response = get(client, tree.users.admin, "/overview/")
    assert response.status_code == 200 and "Chưa có kỳ báo cáo nào" in response.content.decode()


def test_start_without_a_role_is_refused(client, tree, period):
    assert get(client, tree.users.outsider, "/overview/").status_code == 403


# --- statuses and counts ------------------------------------------------------------------------


def test_the_counts_per_status_match_the_reports(mixed, upcoming):
    counts = scope_totals(mixed.a, upcoming, "children")
    assert counts.by_state == {"missing": 1, "draft": 1, "returned": 1, "submitted": 1, "approved": 1}
    assert (counts.total, counts.sent, counts.not_sent, counts.percent, counts.late) == (5, 2, 3, 40, 0)


def test_the_page_shows_each_subordinate_with_its_status(client, mixed, upcoming):
    html = get(client, mixed.users.approver_a).content.decode()
    for code, state in [("HP-A-01", "submitted"), ("HP-A-02", "missing"), ("HP-A-X01", "draft"),
                        ("HP-A-X02", "returned"), ("HP-A-X03", "approved")]:
        assert f'data-unit="{code}" data-state="{state}"' in html
    assert 'data-testid="count-sent">2/5<' in html
    assert 'data-testid="count-missing">1<' in html and 'data-testid="count-approved">1<' in html
    assert 'data-testid="count-late">0<' in html
    assert "Chờ duyệt" in html and "Bị trả lại" in html and "Đã duyệt" in html and "Chưa có báo cáo" in html
    assert 'id="overview-chart"' in html and 'id="overview-chart-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert html.count('data-testid="row-on-time"') == 3  # submitted, returned and approved ones, on time
    assert 'data-testid="row-late"' not in html


def test_late_flags_when_the_deadline_has_passed(client, tree, overdue):
    submit(tree.users.reporter_a1, tree.a1, overdue)  # sent after the deadline
    html = get(client, tree.users.approver_a).content.decode()
    assert html.count('data-testid="row-late"') == 2
    assert "Nộp muộn" in html and "Quá hạn" in html and "Đã quá hạn" in html
    assert 'data-testid="count-late">2<' in html
    rows = {u.code: u.late for u in scope_list(tree.a, overdue, ListQuery())}
    assert rows == {"HP-A-01": True, "HP-A-02": True}


@pytest.mark.parametrize(
    "show, expected",
    [
        ("all", {"HP-A-01", "HP-A-02", "HP-A-X01", "HP-A-X02", "HP-A-X03"}),
        ("missing", {"HP-A-02", "HP-A-X01", "HP-A-X02"}),
        ("waiting", {"HP-A-01"}),
        ("late", set()),
        ("bogus", {"HP-A-01", "HP-A-02", "HP-A-X01", "HP-A-X02", "HP-A-X03"}),
    ],
)
def test_filters(client, mixed, upcoming, show, expected):
    response = get(client, mixed.users.approver_a, f"{URL}?show={show}")
    assert {r.unit.code for r in response.context["rows"]} == expected


def test_the_late_filter_lists_the_late_ones(client, tree, overdue):
    submit(tree.users.reporter_a1, tree.a1, overdue)
    response = get(client, tree.users.approver_a, f"{URL}?show=late")
    assert {r.unit.code for r in response.context["rows"]} == {"HP-A-01", "HP-A-02"}


def test_drill_down_links_to_the_overview_of_superiors_and_the_report_of_grassroots(client, tree, period):
    html = get(client, tree.users.admin, "/overview/HP/2026H1/").content.decode()
    assert 'href="/overview/HP-A/2026H1/"' in html and 'href="/overview/HP-B/2026H1/"' in html
    assert 'href="/reports/HP-A/2026H1/"' in html  # a superior's own report too
    html = get(client, tree.users.admin, URL).content.decode()
    assert 'href="/reports/HP-A-01/2026H1/"' in html and 'href="/reports/HP-A-02/2026H1/"' in html
    assert 'href="/overview/HP/2026H1/"' in html  # breadcrumb up


def test_breadcrumbs_never_show_units_above_the_users_scope(client, tree, period):
    html = get(client, tree.users.approver_a).content.decode()
    assert "/overview/HP/2026H1/" not in html


def test_the_period_switcher_lists_every_period(client, tree, period, previous_period):
    html = get(client, tree.users.approver_a).content.decode()
    assert 'href="/overview/HP-A/2025H2/"' in html
    assert get(client, tree.users.approver_a, "/overview/HP-A/2025H2/").status_code == 200


def test_a_unit_without_subordinates_says_so(client, tree, period):
    html = get(client, tree.users.reporter_a1, "/overview/HP-A-01/2026H1/").content.decode()
    assert 'data-testid="no-subordinates"' in html


def test_the_query_count_does_not_grow_with_the_subordinates(client, tree, period, django_assert_max_num_queries):
    client.force_login(tree.users.approver_a)
    client.get(URL)  # warm up: session, content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    units = add_grassroots(tree.a, 12)
    for unit in units[:6]:
        report_save(actor=tree.users.admin, unit=unit, period=period, version=0, values={"G3_SESSIONS": 1})
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.context["rows"]) == 14
    assert len(large) == len(small) <= 12


# --- reminders ----------------------------------------------------------------------------------


def remind(client, user, data, url="/overview/HP-A/2026H1/remind/"):
    client.force_login(user)
    return client.post(url, data)


def test_the_reminder_button_shows_for_approvers_only(client, tree, upcoming):
    html = get(client, tree.users.approver_a).content.decode()
    assert 'data-testid="remind"' in html and 'data-testid="remind-all"' in html
    html = get(client, tree.users.viewer_b, "/overview/HP-B/2026H1/").content.decode()
    assert 'data-testid="remind"' not in html


def test_a_reminder_goes_to_the_units_reporters_once_a_day(client, tree, upcoming, django_capture_on_commit_callbacks):
    response = remind(client, tree.users.approver_a, {"target": "HP-A-02"})
    assert response.status_code == 302 and response["Location"] == URL
    notes = Notification.objects.filter(dedupe_key__startswith="remind:")
    assert [(n.user.username, n.url, n.kind) for n in notes] == [
        ("reporter_a2", "/reports/HP-A-02/2026H1/", "deadline")
    ]
    assert "2026H1" in notes[0].title and "Công đoàn phường Hồng Bàng" in notes[0].body
    remind(client, tree.users.approver_a, {"target": "HP-A-02"})
    remind(client, tree.users.approver_a, {})
    assert Notification.objects.filter(user=tree.users.reporter_a2, dedupe_key__startswith="remind:").count() == 1
    assert Notification.objects.filter(user=tree.users.reporter_a1, dedupe_key__startswith="remind:").count() == 1


def test_remind_all_skips_units_that_sent(client, tree, overdue):
    submit(tree.users.reporter_a1, tree.a1, overdue)
    response = remind(client, tree.users.approver_a, {"show": "missing"})
    assert response["Location"] == f"{URL}?show=missing"
    notes = Notification.objects.filter(dedupe_key__startswith="remind:")
    assert [(n.user.username, n.kind) for n in notes] == [("reporter_a2", "overdue")]


def test_the_next_day_a_unit_can_be_reminded_again(client, tree, upcoming):
    remind(client, tree.users.approver_a, {"target": "HP-A-02"})
    Notification.objects.filter(dedupe_key__startswith="remind:").update(
        dedupe_key="remind:2026H1:HP-A-02:2000-01-01"
    )
    remind(client, tree.users.approver_a, {"target": "HP-A-02"})
    assert Notification.objects.filter(user=tree.users.reporter_a2).count() == 2


@pytest.mark.parametrize("user, url", [
    ("viewer_b", "/overview/HP-B/2026H1/remind/"),
    ("reporter_a1", "/overview/HP-A-01/2026H1/remind/"),
    ("reporter_a1", "/overview/HP-A/2026H1/remind/"),
    ("outsider", "/overview/HP-A/2026H1/remind/"),
])
def test_only_approvers_may_remind(client, tree, upcoming, user, url):
    assert remind(client, getattr(tree.users, user), {}, url).status_code == 403
    assert not Notification.objects.filter(dedupe_key__startswith="remind:").exists()


def test_no_reminders_in_a_closed_period(client, tree, previous_period):
    response = remind(client, tree.users.approver_a, {}, "/overview/HP-A/2025H2/remind/")
    assert response.status_code == 302
    assert not Notification.objects.exists()


def test_remind_needs_post(client, tree, upcoming):
    assert get(client, tree.users.approver_a, "/overview/HP-A/2026H1/remind/").status_code == 405
