"""The report figures a unit's activities offer: what they add up to, accepting and correcting
them through the reporting save service, and the refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from greenplan.activities.figures import offered_figures
from greenplan.activities.services import activity_figures_accept, activity_record
from greenplan.reporting.errors import InvalidValues, WrongState
from greenplan.reporting.models import Report
from greenplan.reporting.services import report_save
from greenplan.testing.factories import activity_data, submit

IN_PERIOD = datetime.date(2026, 3, 10)

# (kind, participants, cost in đồng, start, trees): what HP-A-01 did; the last two fall outside 2026H1.
DONE = [
    ("propaganda", 120, 2_000_000, IN_PERIOD, None),
    ("propaganda", 80, None, datetime.date(2026, 6, 30), None),
    ("training", 45, 7_250_000, datetime.date(2026, 1, 1), None),
    ("environment_day", 300, 12_000_000, datetime.date(2026, 6, 5), 150),
    ("environment_day", None, 500_000, datetime.date(2026, 6, 6), None),
    ("tree_planting", 35, 4_500_000, datetime.date(2026, 3, 1), 40),
    ("inspection", 4, None, datetime.date(2026, 5, 2), None),
    ("propaganda", 999, 9_000_000, datetime.date(2025, 12, 31), 999),
    ("tree_planting", 999, 9_000_000, datetime.date(2026, 7, 1), 999),
]


def record_done(tree, unit=None):
    unit = unit or tree.a1
    for i, (kind, people, cost, start, trees) in enumerate(DONE):
        activity_record(actor=tree.users.admin, unit=unit,
                        **activity_data(kind=kind, participants=people, cost=cost, start_on=start, trees=trees,
                                        title=f"Hoạt động {i}"))


def expected_figures(period):
    """The same sums, added up here from DONE."""
    inside = [d for d in DONE if period.start <= d[3] <= period.end]

    def of(kind):
        return [d for d in inside if d[0] == kind]

    return {
        "G3_SESSIONS": len(of("propaganda")),
        "G3_REACHED": sum(d[1] or 0 for d in of("propaganda")),
        "G3_TRAININGS": len(of("training")),
        "G3_TRAINEES": sum(d[1] or 0 for d in of("training")),
        "G3_EVENTS": len(of("environment_day")),
        "G3_EVENT_PARTICIPANTS": sum(d[1] or 0 for d in of("environment_day")),
        "G5_TREES": sum(d[4] or 0 for d in inside),
        "G7_UNION_SPENDING": Decimal(sum(d[2] or 0 for d in inside)) / 1_000_000,
    }


def stored(tree, period):
    report = Report.objects.get(unit=tree.a1, period=period)
    return report, dict(report.values.values_list("indicator__code", "value"))


def test_offered_figures_are_the_sums_of_the_periods_own_activities(tree, period):
    record_done(tree)
    record_done(tree, tree.a)  # the superior's own activities are not HP-A-01's
    offer = offered_figures(tree.a1, period)
    assert offer is not None
    assert {f.code: f.value for f in offer.figures} == expected_figures(period)
    assert offer.activities == 7
    given = {f.code: f.activities for f in offer.figures}
    inside = [d for d in DONE if period.start <= d[3] <= period.end]
    assert given["G7_UNION_SPENDING"] == sum(1 for d in inside if d[2]) == 5
    assert given["G5_TREES"] == sum(1 for d in inside if d[4]) == 2
    assert not offer.in_report


def test_no_activity_offers_nothing(tree, period):
    assert offered_figures(tree.a1, period) is None
    with pytest.raises(ValidationError):
        activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0)


def test_accepting_every_figure_saves_them_and_the_timeline_names_the_source(tree, period):
    record_done(tree)
    result = activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0)
    report, values = stored(tree, period)
    assert report.version == result.report.version == 1
    assert {code: values[code] for code in expected_figures(period)} == expected_figures(period)
    event = report.events.get(version=1)
    assert event.kind == "saved" and event.actor == tree.users.reporter_a1
    assert "Số liệu từ hoạt động" in event.comment and "G3_SESSIONS" in event.comment
    assert "sửa" not in event.comment
    assert {c["field"] for c in event.changes} == set(expected_figures(period))
    assert offered_figures(tree.a1, period, report).in_report


def test_accepting_some_and_correcting_one_saves_the_correction(tree, period):
    record_done(tree)
    expected = expected_figures(period)
    activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                            values={"G3_SESSIONS": str(expected["G3_SESSIONS"]), "G3_REACHED": "1.250",
                                    "G7_UNION_SPENDING": "30,5"})
    report, values = stored(tree, period)
    assert values["G3_SESSIONS"] == expected["G3_SESSIONS"]
    assert values["G3_REACHED"] == 1250  # typed the Vietnamese way
    assert values["G7_UNION_SPENDING"] == Decimal("30.5") != expected["G7_UNION_SPENDING"]
    assert "G3_TRAININGS" not in values
    comment = report.events.get(version=1).comment
    assert "Cán bộ đã sửa: G3_REACHED, G7_UNION_SPENDING." in comment
    offer = offered_figures(tree.a1, period, report)
    assert not offer.in_report
    assert {f.code for f in offer.figures if f.in_report} == {"G3_SESSIONS"}


def test_a_wrong_correction_saves_nothing(tree, period):
    record_done(tree)
    with pytest.raises(InvalidValues) as caught:
        activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                                values={"G3_SESSIONS": "3", "G3_REACHED": "-5"})
    assert set(caught.value.errors) == {"G3_REACHED"}
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()


def test_a_figure_the_activities_do_not_give_is_refused(tree, period):
    record_done(tree)
    with pytest.raises(ValidationError):
        activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                                values={"G3_SESSIONS": "3", "MEMBERS": "500"})
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()


@pytest.mark.parametrize("who", ["viewer_b", "reporter_a2", "outsider"])
def test_only_who_may_report_for_the_unit_accepts(tree, period, who):
    record_done(tree)
    with pytest.raises(PermissionDenied):
        activity_figures_accept(actor=getattr(tree.users, who), unit=tree.a1, period=period, version=0)
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()


def test_a_submitted_report_or_a_stale_version_is_not_changed(tree, period):
    record_done(tree)
    report = submit(tree, "a1", period)
    with pytest.raises(WrongState):
        activity_figures_accept(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    report.refresh_from_db()
    assert report.status == "submitted" and report.events.count() == 2


def test_the_report_page_offers_the_figures_and_the_form_saves_the_ticked_ones(client, tree, period):
    record_done(tree)
    expected = expected_figures(period)
    client.force_login(tree.users.reporter_a1)
    page = client.get(reverse("reporting:report", args=["HP-A-01", period.code]))
    html = page.content.decode()
    assert 'data-testid="activities-offer"' in html and 'name="value-G3_REACHED"' in html
    assert f'value="{expected["G3_REACHED"]}"' in html
    url = reverse("activities:accept_figures", args=["HP-A-01", period.code])
    answer = client.post(url, {"version": "0", "codes": ["G3_TRAININGS", "G3_TRAINEES"],
                               "value-G3_TRAININGS": str(expected["G3_TRAININGS"]), "value-G3_TRAINEES": "50",
                               "value-G3_SESSIONS": "99"})
    assert answer.status_code == 302 and answer.url.endswith("#activities-offer")
    _report, values = stored(tree, period)
    assert values == {"G3_TRAININGS": expected["G3_TRAININGS"], "G3_TRAINEES": 50}
    # The same post again is stale: refused with a message, nothing changes.
    again = client.post(url, {"version": "0", "codes": ["G3_SESSIONS"], "value-G3_SESSIONS": "99"}, follow=True)
    assert "G3_SESSIONS" not in stored(tree, period)[1]
    assert "phiên bản" in again.content.decode()


def test_the_form_refuses_a_viewer_and_another_units_reporter(client, tree, period):
    record_done(tree)
    url = reverse("activities:accept_figures", args=["HP-A-01", period.code])
    for user in (tree.users.reporter_a2, tree.users.viewer_b):
        client.force_login(user)
        assert client.post(url, {"version": "0", "codes": ["G3_SESSIONS"], "value-G3_SESSIONS": "2"}).status_code == 403
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()
    client.force_login(tree.users.reporter_a1)
    assert client.post(reverse("activities:accept_figures", args=["HP-A-01", "2031H1"]),
                       {"version": "0"}).status_code == 404


def test_figures_already_saved_show_as_in_the_report(tree, period):
    record_done(tree)
    expected = expected_figures(period)
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values=expected)
    report, _values = stored(tree, period)
    assert offered_figures(tree.a1, period, report).in_report


def test_the_offer_reads_in_english(client, tree, period):
    record_done(tree)
    client.force_login(tree.users.reporter_a1)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reporting:report", args=["HP-A-01", period.code])).content.decode()
    assert "Figures from recorded activities" in html and "Added up from the unit's 7 activities" in html
    assert "from 2 activities" in html and "Enter the selected figures in the report" in html


def test_the_form_names_a_wrong_correction_and_saves_nothing(client, tree, period):
    record_done(tree)
    client.force_login(tree.users.reporter_a1)
    url = reverse("activities:accept_figures", args=["HP-A-01", period.code])
    page = client.post(url, {"version": "0", "codes": ["G3_SESSIONS", "G3_REACHED"], "value-G3_SESSIONS": "3",
                             "value-G3_REACHED": "nhiều"}, follow=True)
    html = page.content.decode()
    assert "Dữ liệu không hợp lệ, chưa lưu." in html and "G3_REACHED: Giá trị phải là một số." in html
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()
    nothing = client.post(url, {"version": "0"}, follow=True)
    assert "Hãy chọn ít nhất một số liệu" in nothing.content.decode()
    assert not Report.objects.filter(unit=tree.a1, period=period).exists()


def test_trees_are_recorded_checked_and_listed(client, tree):
    with pytest.raises(ValidationError) as caught:
        activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(trees=-3))
    assert caught.value.message_dict["trees"] == ["Số cây trồng không được âm."]
    with pytest.raises(ValidationError):
        activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(trees=10**8))
    planted = activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(trees=1_250))
    client.force_login(tree.users.reporter_a1)
    assert '<dd class="mb-0 fw-semibold" data-testid="activity-trees">1.250</dd>' in client.get(
        "/activities/HP-A-01/").content.decode()
    form = client.post(f"/activities/HP-A-01/{planted.pk}/", {
        "kind": "tree_planting", "title": planted.title, "start_on": planted.start_on.strftime("%d/%m/%Y"),
        "trees": "2.000"})
    assert form.status_code in (200, 302)
    planted.refresh_from_db()
    assert planted.trees == 2000
