"""The signed-in pages: list, creation, opening and closing, results, exports, the poster and
the figures offered to the report."""

import codecs

from django.urls import reverse

from greenplan.audit.models import LogEntry
from greenplan.reporting.models import Report
from greenplan.survey.models import Survey
from greenplan.survey.services import survey_set_open
from greenplan.testing.downloads import read_csv, read_xlsx
from greenplan.testing.survey import answer


def test_the_province_admin_creates_the_green_jobs_survey(client, tree, period):
    client.force_login(tree.users.admin)
    page = client.get(reverse("survey:list"))
    assert "Tạo phiếu khảo sát việc làm xanh" in page.content.decode()
    reply = client.post(reverse("survey:new"), {"unit": "HP", "period": period.code})
    survey = Survey.objects.get()
    assert reply.status_code == 302
    assert survey.questions.count() == 11 and survey.unit == tree.root
    assert LogEntry.objects.filter(action="survey.created").exists()


def test_a_reporter_cannot_create_or_close_a_survey(client, tree, period, green_survey):
    client.force_login(tree.users.reporter_a1)
    assert "Tạo phiếu khảo sát" not in client.get(reverse("survey:list")).content.decode()
    assert client.post(reverse("survey:new"), {"unit": "HP", "period": period.code}).status_code == 403
    assert client.post(reverse("survey:state", args=[green_survey.pk]), {"open": "0"}).status_code == 403
    green_survey.refresh_from_db()
    assert green_survey.is_open and Survey.objects.count() == 1


def test_results_page_shows_counts_charts_and_free_text(client, tree, green_survey):
    answer(green_survey, tree.a1, suggestion="Cần lớp học buổi tối")
    answer(green_survey, tree.a2, job_area="office")
    client.force_login(tree.users.approver_a)
    page = client.get(reverse("survey:results", args=[green_survey.pk, "HP-A"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="responses">2<' in body
    assert 'data-testid="count-job_area-office">1<' in body
    assert "Cần lớp học buổi tối" in body
    assert "sv-canvas" in body and "chart.umd.min.js" in body


def test_results_refuse_a_unit_outside_the_scope(client, tree, green_survey):
    client.force_login(tree.users.reporter_a1)
    assert client.get(reverse("survey:results", args=[green_survey.pk, "HP-A-02"])).status_code == 403
    assert client.get(reverse("survey:results", args=[green_survey.pk, "HP-A-01"])).status_code == 200
    client.force_login(tree.users.outsider)
    assert client.get(reverse("survey:results", args=[green_survey.pk, "HP-A-01"])).status_code == 404


def test_exports_are_csv_with_bom_and_xlsx(client, tree, green_survey):
    answer(green_survey, tree.a1, suggestion="=HYPERLINK(\"http://x\")")
    client.force_login(tree.users.admin)
    url = reverse("survey:results", args=[green_survey.pk, "HP"])
    csv = client.get(url + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.startswith(codecs.BOM_UTF8)
    rows = read_csv(csv)
    assert rows[0][:3] == ["Mã câu hỏi", "Câu hỏi", "Loại câu hỏi"]
    production = next(r for r in rows if r[0] == "job_area" and r[3] == "production")
    assert production[5] == "1"
    xlsx = read_xlsx(client.get(url + "?format=xlsx"))
    assert any(r[0] == "job_area" and r[3] == "production" and r[5] == 1 for r in xlsx[1:])


def test_the_poster_carries_the_qr_code_of_the_units_link(client, tree, green_survey):
    client.force_login(tree.users.reporter_a1)
    page = client.get(reverse("survey:poster", args=[green_survey.pk, "HP-A-01"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'class="segno"' in body
    assert "http://testserver/s/" in body


def test_closing_is_logged_and_the_link_then_refuses(client, tree, green_survey):
    client.force_login(tree.users.admin)
    client.post(reverse("survey:state", args=[green_survey.pk]), {"open": "0"})
    green_survey.refresh_from_db()
    assert not green_survey.is_open
    assert LogEntry.objects.filter(action="survey.closed").exists()


def test_the_report_page_offers_the_figures_and_accepting_saves_them(client, tree, green_survey, period):
    answer(green_survey, tree.a1, training_interest="yes")
    answer(green_survey, tree.a1, training_interest="no", training_topics=None)
    client.force_login(tree.users.reporter_a1)
    page = client.get(reverse("reporting:report", args=["HP-A-01", period.code])).content.decode()
    assert 'data-testid="offer-responses">2<' in page and 'data-testid="offer-training">1<' in page
    reply = client.post(reverse("survey:accept_figures", args=["HP-A-01", period.code]), {"version": "0"})
    assert reply.status_code == 302
    values = dict(Report.objects.get(unit=tree.a1).values.values_list("indicator__code", "value"))
    assert (values["G4_SURVEY_RESPONSES"], values["G4_TRAINING_DEMAND"], values["G4_SURVEY_DONE"]) == (2, 1, 1)
    assert LogEntry.objects.filter(action="report.saved").exists()
    page = client.get(reverse("reporting:report", args=["HP-A-01", period.code])).content.decode()
    assert 'data-testid="offer-in-report"' in page and 'data-testid="offer-accept"' not in page


def test_accepting_needs_the_right_to_enter_the_report(client, tree, green_survey, period):
    answer(green_survey, tree.a1)
    client.force_login(tree.users.reporter_a2)
    reply = client.post(reverse("survey:accept_figures", args=["HP-A-01", period.code]), {"version": "0"})
    assert reply.status_code == 403
    assert not Report.objects.filter(unit=tree.a1).exists()


def test_a_stale_version_is_refused_with_a_message(client, tree, green_survey, period):
    answer(green_survey, tree.a1)
    client.force_login(tree.users.reporter_a1)
    reply = client.post(reverse("survey:accept_figures", args=["HP-A-01", period.code]), {"version": "3"}, follow=True)
    assert "Báo cáo đã được người khác cập nhật" in reply.content.decode()
    assert not Report.objects.filter(unit=tree.a1).exists()


def test_the_state_service_refuses_a_sibling_admin(tree, green_survey, admin_a):
    import pytest
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        survey_set_open(actor=admin_a, survey=green_survey, is_open=False)
