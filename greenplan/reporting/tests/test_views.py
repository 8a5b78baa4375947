import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenplan.reporting.errors import InvalidValues, WrongState
from greenplan.reporting.models import Indicator, Period, Report, ReportAttachment, ReportEvent
from greenplan.reporting.services import (
    report_approve,
    report_attach,
    report_return,
    report_save,
    report_submit,
    stored_values,
)
from greenplan.testing.factories import full_values
from greenplan.testing.files import jpeg_bytes, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/reports/HP-A-01/2026H1/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(client, user, url=URL):
    client.force_login(user)
    return client.get(url)


def save(tree, period, version=0, **kwargs):
    return report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=version, **kwargs)


def post(client, data, htmx=False, url=URL):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, data, **extra)


def submitted(tree, period):
    report = save(tree, period, values=full_values()).report
    return report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)


def form_inputs(html: str) -> list[str]:
    form = html[html.index('id="report-form"'):html.index("</form>", html.index('id="report-form"'))]
    return re.findall(r'<(?:input|select|textarea)[^>]*\bname="([A-Z][A-Z0-9_]*)"', form)


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_the_reporters_unit_with_its_status(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 1})
    html = page(client, tree.users.reporter_a1, reverse("reporting:index")).content.decode()
    assert "Công đoàn Công ty TNHH Thép Xanh" in html
    assert 'href="/reports/HP-A-01/2026H1/"' in html
    assert "Đang soạn" in html
    assert "/overview/" not in html


def test_the_list_links_a_superior_to_the_overview(client, tree, period):
    html = page(client, tree.users.approver_a, reverse("reporting:index")).content.decode()
    assert 'href="/overview/HP-A/2026H1/"' in html
    assert 'href="/reports/HP-A/2026H1/"' in html  # the commune union reports to the province too
    assert "Chưa có báo cáo" in html


def test_the_list_leaves_out_closed_periods_and_the_root(client, tree, period, previous_period):
    html = page(client, tree.users.admin, reverse("reporting:index")).content.decode()
    assert "/reports/HP/" not in html
    assert "2025H2" not in html
    assert 'href="/overview/HP/2026H1/"' in html


def test_the_list_needs_a_bounded_number_of_queries(client, tree, period, previous_period):
    client.force_login(tree.users.approver_a)
    client.get(reverse("reporting:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:index"))
    for unit in (tree.a1, tree.a2, tree.b, tree.b1):
        tree.users.approver_a.memberships.create(unit=unit, role="approver")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reporting:index"))
    assert len(many) == len(few) <= 12


# --- the entry form --------------------------------------------------------------------------


def test_the_form_is_grouped_with_every_active_indicator(client, tree, period):
    Indicator.objects.filter(code="G3_MEDIA").update(retired_at=datetime.date(2024, 1, 1))
    html = page(client, tree.users.reporter_a1).content.decode()
    headings = re.findall(r'data-testid="group-heading">([^<]+)<', html)
    assert len(headings) == 9
    assert headings[0] == "Thông tin chung"
    assert headings[1].startswith("1. Nhóm nhiệm vụ, giải pháp về lãnh đạo, chỉ đạo")
    assert headings[8].startswith("8. Nhóm nhiệm vụ, giải pháp về tăng cường hợp tác quốc tế")
    active = Indicator.objects.exclude(code="G3_MEDIA")
    names = form_inputs(html)
    assert sorted(names) == sorted(active.filter(derived=False).values_list("code", flat=True))
    assert len(names) + active.filter(derived=True).count() == 68 - 1
    assert 'name="G3_MEDIA"' not in html
    assert 'id="f-G7_GREEN_PROCUREMENT_RATE"' in html and 'name="G7_GREEN_PROCUREMENT_RATE"' not in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert '<option value="1">Có</option>' in html
    assert 'name="version" id="report-version" value="0"' in html
    assert 'hx-trigger="change delay:800ms, gp-save"' in html


def test_the_form_shows_stored_values_and_last_periods_as_hints(client, tree, period, previous_period):
    old = Report.objects.create(unit=tree.a1, period=previous_period, status="approved")
    old.values.create(indicator=Indicator.objects.get(code="G3_SESSIONS"), value=Decimal(1234))
    save(tree, period, values={"G7_UNION_SPENDING": "1.234,5", "G3_SESSIONS": 7})
    html = page(client, tree.users.reporter_a1).content.decode()
    assert 'value="1234,5"' in html
    assert "Kỳ trước: 1.234" in html


def test_a_save_persists_and_bumps_the_version(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 0, "G3_SESSIONS": "12", "G7_UNION_SPENDING": "1.234,5", "results": "Trồng cây"})
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.version == 1 and report.results == "Trồng cây"
    assert stored_values(report) == {"G3_SESSIONS": 12, "G7_UNION_SPENDING": Decimal("1234.5")}
    html = client.get(URL).content.decode()
    assert "Đã lưu báo cáo (phiên bản 1)." in html


def test_an_autosave_answers_with_the_new_version_and_the_time(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 0, "action": "save", "G3_SESSIONS": "3", "G3_MEDIA": ""}, htmx=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "<html" not in html
    assert 'id="report-version" value="1" hx-swap-oob="true"' in html
    assert "Đã lưu lúc" in html
    sessions = Indicator.objects.get(code="G3_SESSIONS").name
    assert 'id="timeline" data-testid="timeline" aria-labelledby="timeline-title" hx-swap-oob="true"' in html
    assert f"{sessions}: <span class=\"text-secondary\">—</span> → <strong>3</strong>" in html
    assert Report.objects.get().version == 1


def test_an_unchanged_form_saves_nothing(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 1, "G3_SESSIONS": "3", "G3_MEDIA": "", "results": ""}, htmx=True)
    assert r.status_code == 200
    assert Report.objects.get().version == 1
    assert "Đã lưu lúc" in r.content.decode()


def test_an_invalid_value_is_marked_and_the_valid_ones_beside_it_are_saved(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 1, "G3_SESSIONS": "5", "G3_MEDIA": "-2", "G6_ACCIDENTS": "1,5"}, htmx=True)
    assert r.status_code == 422
    html = r.content.decode()
    assert '<div class="gp-fb" id="fb-G3_MEDIA" data-code="G3_MEDIA" hx-swap-oob="true"><div class="gp-error">' \
           "Giá trị không được âm.</div>" in html
    assert "Chỉ tiêu này chỉ nhận số nguyên." in html
    assert "Đã lưu lúc" in html and "chưa lưu 2 chỗ cần sửa" in html
    assert 'id="report-version" value="2"' in html
    report = Report.objects.get()
    assert (report.version, stored_values(report)) == (2, {"G3_SESSIONS": 5})
    # Without htmx the page comes back with what was typed.
    r = post(client, {"version": 2, "G3_SESSIONS": "5", "G3_MEDIA": "abc"})
    assert r.status_code == 422
    html = r.content.decode()
    assert 'value="abc"' in html and "Giá trị phải là một số." in html
    assert 'data-testid="error-summary"' in html and 'href="#f-G3_MEDIA"' in html
    assert Report.objects.get().version == 2


def test_a_narrative_over_the_limit_is_refused_not_cut_and_the_figures_are_saved(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    long = "Đ" * 19_990 + "\r\n" * 10  # line breaks come as CRLF but count once, as typed
    r = post(client, {"version": 0, "G3_SESSIONS": "4", "results": long, "proposals": long + "x"}, htmx=True)
    assert r.status_code == 422
    assert "quá dài: tối đa 20.000 ký tự" in r.content.decode()
    report = Report.objects.get()
    assert (report.results, report.proposals) == (long.replace("\r\n", "\n").strip(), "")
    assert stored_values(report) == {"G3_SESSIONS": 4}


def test_the_narrative_box_has_a_counter_and_no_cutting_maxlength(client, tree, period):
    save(tree, period, narrative={"results": "x" * 12_345})
    html = page(client, tree.users.reporter_a1).content.decode()
    assert "12.345 / 20.000 ký tự" in html
    assert 'maxlength="20000"' not in html.split('id="narrative"')[1]


def test_a_rule_warning_is_shown_but_does_not_block(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 0, "MEMBERS": "200", "WORKERS": "100"}, htmx=True)
    assert r.status_code == 200
    assert 'class="gp-warning"' in r.content.decode()
    assert Report.objects.get().version == 1


def test_a_stale_save_shows_what_changed_and_keeps_the_other_editors_value(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    report_save(actor=tree.users.approver_a, unit=tree.a1, period=period, version=1, values={"G3_SESSIONS": 8})
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 1, "G3_SESSIONS": "5"}, htmx=True)
    assert r.status_code == 409
    html = r.content.decode()
    assert 'data-testid="stale-alert"' in html
    assert "Approver_A" in html  # who
    assert re.search(r"Số buổi[^<]*: 3 → <strong>8</strong>", html)
    assert 'id="report-version" value="1"' in html  # the page keeps its version: no overwrite later
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 8}
    r = post(client, {"version": 1, "G3_SESSIONS": "5"})
    assert r.status_code == 409
    assert 'data-testid="reload"' in r.content.decode()
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 8}


def test_a_submit_with_missing_required_values_lists_them(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 0, "action": "submit", "G3_SESSIONS": "2"})
    assert r.status_code == 422
    html = r.content.decode()
    assert "Báo cáo chưa đủ hoặc chưa đúng, chưa gửi được." in html
    assert "Chưa nhập chỉ tiêu bắt buộc." in html
    assert 'href="#f-MEMBERS"' in html
    report = Report.objects.get()
    assert (report.status, stored_values(report)) == ("draft", {"G3_SESSIONS": 2})
    assert 'id="report-version" value="1"' in html


def test_a_submit_saves_the_form_and_sends_the_report(client, tree, period):
    values = full_values()
    values.pop("G3_SESSIONS")
    save(tree, period, values=values)
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"version": 1, "action": "submit", "G3_SESSIONS": "4", "results": "Kết quả tốt"})
    assert r.status_code == 302
    report = Report.objects.get()
    assert (report.status, report.version, report.results) == ("submitted", 3, "Kết quả tốt")
    html = client.get(URL).content.decode()
    assert "Đã gửi báo cáo lên cấp trên." in html
    assert 'id="report-form"' not in html and 'data-testid="report-values"' in html
    assert "Đã gửi, chờ duyệt" in html and 'data-testid="timeliness"' in html


# --- the approver's decisions ----------------------------------------------------------------


def test_only_an_ancestor_approver_sees_the_decisions(client, tree, period):
    submitted(tree, period)
    for user, shown in [(tree.users.approver_a, True), (tree.users.admin, True), (tree.users.reporter_a1, False)]:
        html = page(client, user).content.decode()
        assert ('value="approve"' in html) is shown, user
        assert ('value="return"' in html) is shown
    approver = tree.users.approver_a
    approver.memberships.all().delete()
    approver.memberships.create(unit=tree.a1, role="approver")  # on the unit itself: not a superior
    from greenplan.accounts.access import forget_grants
    forget_grants(approver)
    assert 'value="approve"' not in page(client, approver).content.decode()


def test_an_approver_returns_with_a_comment_and_the_reporter_sees_it(client, tree, period):
    report = submitted(tree, period)
    client.force_login(tree.users.approver_a)
    r = post(client, {"action": "return", "version": report.version, "comment": "  "})
    assert r.status_code == 422
    assert "Hãy ghi lý do để đơn vị biết cần sửa gì." in r.content.decode()
    r = post(client, {"action": "return", "version": report.version, "comment": "Thiếu số liệu nhóm 6"})
    assert r.status_code == 302
    html = page(client, tree.users.reporter_a1).content.decode()
    assert 'data-testid="return-comment"' in html and "Thiếu số liệu nhóm 6" in html
    assert 'id="report-form"' in html and "Gửi lại báo cáo" in html


def test_an_approval_locks_the_report_and_a_reopen_unlocks_it(client, tree, period):
    report = submitted(tree, period)
    client.force_login(tree.users.approver_a)
    assert post(client, {"action": "approve", "version": report.version}).status_code == 302
    html = page(client, tree.users.reporter_a1).content.decode()
    assert "Đã duyệt" in html and 'id="report-form"' not in html
    r = post(client, {"version": report.version + 1, "G3_SESSIONS": "9"})
    assert r.status_code == 302
    assert "Báo cáo đã gửi hoặc đã duyệt nên không thể sửa." in client.get(URL).content.decode()
    html = page(client, tree.users.approver_a).content.decode()
    assert 'value="reopen"' in html and 'value="approve"' not in html
    r = post(client, {"action": "reopen", "version": report.version + 1, "comment": "Sửa số nhóm 7"})
    assert r.status_code == 302
    html = page(client, tree.users.reporter_a1).content.decode()
    assert 'id="report-form"' in html and "Sửa số nhóm 7" in html
    assert "Mở lại để sửa" in html  # on the timeline


def test_a_stale_decision_is_refused_with_what_changed(client, tree, period):
    report = submitted(tree, period)
    report_return(actor=tree.users.admin, unit=tree.a1, period=period, version=report.version, comment="Sai")
    client.force_login(tree.users.approver_a)
    r = post(client, {"action": "approve", "version": report.version})
    assert r.status_code == 409
    assert 'data-testid="stale-alert"' in r.content.decode()
    assert Report.objects.get().status == "returned"


def test_a_decision_by_a_reporter_becomes_a_message(client, tree, period):
    report = submitted(tree, period)
    client.force_login(tree.users.reporter_a1)
    r = post(client, {"action": "approve", "version": report.version})
    assert r.status_code == 302
    assert "không có quyền" in client.get(URL).content.decode()
    assert Report.objects.get().status == "submitted"


# --- access and read-only views --------------------------------------------------------------


@pytest.mark.parametrize(
    "user, url, status",
    [
        ("reporter_a2", URL, 403),
        ("viewer_b", URL, 403),
        ("outsider", URL, 403),
        ("reporter_a1", "/reports/NOPE/2026H1/", 404),
        ("reporter_a1", "/reports/HP-A-01/2031H1/", 404),
        ("reporter_a1", "/reports/HP-A-01/xyz/", 404),
        ("reporter_a1", URL, 200),
        ("approver_a", URL, 200),
        ("admin", URL, 200),
        ("viewer_b", "/reports/HP-B-01/2026H1/", 200),
    ],
)
def test_who_may_open_a_report(client, tree, period, user, url, status):
    assert page(client, getattr(tree.users, user), url).status_code == status


def test_a_sibling_reporter_cannot_save(client, tree, period):
    client.force_login(tree.users.reporter_a2)
    assert post(client, {"version": 0, "G3_SESSIONS": "1"}).status_code == 403
    assert not Report.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, tree, period):
    assert client.get(URL).status_code == 302


def test_a_viewer_sees_the_values_read_only(client, tree, period):
    report_save(actor=tree.users.admin, unit=tree.b1, period=period, version=0,
                values={"G7_UNION_SPENDING": "1234567.5", "G1_FOCAL": 1}, narrative={"difficulties": "Thiếu kinh phí"})
    html = page(client, tree.users.viewer_b, "/reports/HP-B-01/2026H1/").content.decode()
    assert 'id="report-form"' not in html and not form_inputs_anywhere(html)
    assert "1.234.567,5" in html
    assert re.search(r'data-code="G1_FOCAL">\s*<th[^>]*>[^<]+</th>\s*<td[^>]*>Có</td>', html)
    assert "Thiếu kinh phí" in html
    r = post(client, {"version": 1, "G3_SESSIONS": "1"}, url="/reports/HP-B-01/2026H1/")
    assert r.status_code == 302
    assert stored_values(Report.objects.get()).get("G3_SESSIONS") is None


def form_inputs_anywhere(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]*\bname="([A-Z][A-Z0-9_]*)"', html)


def test_a_closed_period_is_read_only(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    Period.objects.filter(pk=period.pk).update(is_open=False)
    html = page(client, tree.users.reporter_a1).content.decode()
    assert 'id="report-form"' not in html and not form_inputs_anywhere(html)
    assert "Kỳ báo cáo đã đóng" in html
    r = post(client, {"version": 1, "G3_SESSIONS": "4"})
    assert r.status_code == 302
    assert "đã đóng" in client.get(URL).content.decode()


# --- timeline --------------------------------------------------------------------------------


def test_the_timeline_lists_every_change_with_names(client, tree, period):
    save(tree, period, values={"G3_SESSIONS": 3}, narrative={"results": "Lần 1"})
    save(tree, period, version=1, values={"G3_SESSIONS": 5})
    html = page(client, tree.users.reporter_a1).content.decode()
    timeline = html[html.index('data-testid="timeline"'):]
    sessions = Indicator.objects.get(code="G3_SESSIONS").name
    assert f"{sessions}: <span class=\"text-secondary\">3</span> → <strong>5</strong>" in timeline
    assert "Kết quả nổi bật: <span class=\"text-secondary\">—</span> → <strong>Lần 1</strong>" in timeline
    assert timeline.index("v2") < timeline.index("v1")  # newest first
    assert "Reporter_A1" in timeline
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", timeline)


def test_the_page_needs_a_bounded_number_of_queries(client, tree, period, previous_period):
    save(tree, period, values={"G3_SESSIONS": 3})
    client.force_login(tree.users.reporter_a1)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(5):
        save(tree, period, version=1 + 2 * i, values={"G3_SESSIONS": 10 + i, "G3_MEDIA": i})
        save(tree, period, version=2 + 2 * i, narrative={"results": f"v{i}"})
        report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period,
                      file=SimpleUploadedFile(f"a{i}.pdf", b"%PDF-1.4"))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 25


# --- attachments -----------------------------------------------------------------------------


def upload(client, name, content=b"%PDF-1.4 test", url=URL):
    return client.post(url + "files/", {"file": SimpleUploadedFile(name, content)})


def test_an_attachment_is_uploaded_listed_and_downloaded(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    r = upload(client, "Biên bản họp.pdf")
    assert r.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert attachment.name == "Biên bản họp.pdf"
    html = client.get(URL).content.decode()
    assert "Đã đính kèm tệp Biên bản họp.pdf." in html
    link = f"/reports/HP-A-01/2026H1/files/{attachment.pk}/"
    assert link in html
    r = page(client, tree.users.approver_a, link)
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert r["Content-Disposition"].startswith("attachment;")
    assert ReportEvent.objects.filter(kind="attached").count() == 1


def test_an_exe_is_refused(client, tree, period):
    client.force_login(tree.users.reporter_a1)
    upload(client, "virus.exe", b"MZ")
    assert not ReportAttachment.objects.exists()
    assert "Tệp virus.exe: chỉ nhận PDF" in client.get(URL).content.decode()


def test_a_siblings_file_is_refused(client, tree, period):
    attachment = report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period,
                               file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert page(client, tree.users.reporter_a2, f"{URL}files/{attachment.pk}/").status_code == 403
    assert page(client, tree.users.reporter_a2, f"/reports/HP-A-02/2026H1/files/{attachment.pk}/").status_code == 404
    client.force_login(tree.users.reporter_a2)
    assert upload(client, "b.pdf").status_code == 403
    assert page(client, tree.users.viewer_b, f"{URL}files/{attachment.pk}/").status_code == 403


def test_report_attach_checks_rights_state_size_and_type(tree, period):
    from django.core.exceptions import PermissionDenied

    def attach(user, name="a.pdf", content=None):
        if content is None:  # real bytes of the type the name says
            real = {"pdf": pdf_bytes(), "jpg": jpeg_bytes(), "xlsx": xlsx_bytes()}
            content = real.get(name.rsplit(".")[-1].lower(), b"x")
        return report_attach(actor=user, unit=tree.a1, period=period, file=SimpleUploadedFile(name, content))

    with pytest.raises(PermissionDenied):
        attach(tree.users.viewer_b)
    for name in ("a.exe", "a", "a.pdf.exe", "a.docm"):
        with pytest.raises(InvalidValues):
            attach(tree.users.reporter_a1, name)
    big = SimpleUploadedFile("big.pdf", b"x")
    big.size = 20 * 1024 * 1024 + 1
    with pytest.raises(InvalidValues):
        report_attach(actor=tree.users.reporter_a1, unit=tree.a1, period=period, file=big)
    first = attach(tree.users.reporter_a1, "Ảnh.JPG")
    assert first.report.version == 1 and first.name == "Ảnh.JPG"
    second = attach(tree.users.reporter_a1, "b.xlsx")
    assert second.report.version == 1  # evidence does not make a typist's version stale
    assert [e.changes[0]["new"] for e in ReportEvent.objects.filter(kind="attached")] == ["Ảnh.JPG", "b.xlsx"]
    report = Report.objects.get()
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=1, values=full_values())
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    with pytest.raises(WrongState):
        attach(tree.users.reporter_a1)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    Period.objects.filter(pk=period.pk).update(is_open=False)
    period.refresh_from_db()
    with pytest.raises(WrongState):
        attach(tree.users.reporter_a1)
    assert report.attachments.count() == 2


def test_the_english_page_formats_numbers_the_english_way(client, tree, period):
    save(tree, period, values={"G7_UNION_SPENDING": "1234567,5"})
    report = Report.objects.get()
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version,
                values=full_values(G7_UNION_SPENDING="1234567,5"))
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period)
    client.cookies["django_language"] = "en"
    html = page(client, tree.users.reporter_a1).content.decode()
    assert '<html lang="en">' in html
    assert "1,234,567.5" in html
