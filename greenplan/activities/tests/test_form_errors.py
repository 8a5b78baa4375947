"""The activity form lists every error at once: the service's refusals of the fields the form could
read come with the form's own (a wrong date no longer hides a missing title)."""

from greenplan.activities.models import Activity
from greenplan.testing.factories import LAST_MONTH

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_every_error_is_listed_at_once_with_links_to_the_fields(client, tree):
    client.force_login(tree.users.reporter_a1)
    r = client.post("/activities/HP-A-01/new/", {"kind": "", "title": "", "start_on": "32/13/2026", "cost": "-5"},
                    **HTMX)
    assert r.status_code == 422
    summary = r.content.decode().split('data-testid="form-errors"')[1].split("</div>")[0]
    for field, message in (("kind", "Hãy chọn loại hoạt động."), ("title", "Cần nhập tên hoạt động."),
                           ("start_on", "Ngày phải viết theo dạng"), ("cost", "Kinh phí không được âm.")):
        assert f'<a href="#id_{field}" data-gp-field="id_{field}">' in summary and message in summary
    assert 'data-testid="form-errors-count">Có 4 lỗi cần sửa:</p>' in r.content.decode()
    assert not Activity.objects.exists()


def test_a_recorded_activity_sent_in_place_is_answered_with_where_to_go(client, tree):
    client.force_login(tree.users.reporter_a1)
    r = client.post("/activities/HP-A-01/new/", {"kind": "training", "title": "Tập huấn",
                                                      "start_on": LAST_MONTH.strftime("%d/%m/%Y")},
                    **HTMX)
    assert r.status_code == 200
    assert r["HX-Redirect"] == f"/activities/HP-A-01/#activity-{Activity.objects.get().pk}"
