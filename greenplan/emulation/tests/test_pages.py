"""The pages walk the same services: a unit self-scores, its direct superior verifies, the
ranking shows it; others are refused."""

import pytest

from greenplan.emulation.models import Entry


def base(sheet, unit="HP-A-01"):
    return f"/emulation/{sheet.movement.code}/{sheet.year}/units/{unit}/"


def test_a_unit_registers_scores_and_submits_through_the_page(client, tree, sheet):
    client.force_login(tree.users.reporter_a1)
    page = client.get(base(sheet))
    assert page.status_code == 200 and "Đăng ký tham gia" in page.content.decode()
    client.post(base(sheet) + "register/")
    client.post(base(sheet) + "score/", {"points-1.1": "35,5", "points-1.2": "30", "points-2.1": "25",
                                         "condition-DK1": "1", "note-1.1": "Trồng 120 cây"})
    response = client.post(base(sheet) + "submit/", follow=True)
    entry = Entry.objects.get(unit=tree.a1)
    assert (entry.status, entry.self_total) == ("submitted", 90.5)
    assert "Chờ cấp trên thẩm định" in response.content.decode()


def test_a_refused_score_is_shown_and_nothing_is_saved(client, tree, sheet):
    client.force_login(tree.users.reporter_a1)
    client.post(base(sheet) + "register/")
    response = client.post(base(sheet) + "score/", {"points-1.1": "45", "points-1.2": "10"}, follow=True)
    assert "Tiêu chí 1.1 có tối đa 40 điểm." in response.content.decode()
    assert Entry.objects.get(unit=tree.a1).self_total == 0


def test_the_superior_verifies_and_the_ranking_shows_it(client, tree, sheet, take_part):
    take_part(tree.a1, tree.users.reporter_a1, {"1.1": "40", "1.2": "30", "2.1": "25"})
    client.force_login(tree.users.approver_a)
    assert "Lưu điểm thẩm định" in client.get(base(sheet)).content.decode()
    client.post(base(sheet) + "verify/", {"points-2.1": "20", "reason-2.1": "Thiếu danh sách học viên",
                                          "condition-DK1": ""})
    client.post(base(sheet) + "confirm/")
    entry = Entry.objects.get(unit=tree.a1)
    assert (entry.status, entry.verified_total) == ("confirmed", 90)
    page = client.get(f"/emulation/{sheet.movement.code}/{sheet.year}/ranking/HP-A/").content.decode()
    assert 'id="ranking-data"' in page and "90" in page
    csv_text = client.get(f"/emulation/{sheet.movement.code}/{sheet.year}/ranking/HP-A/?format=csv").content.decode()
    row = next(line for line in csv_text.splitlines() if f",{tree.a1.code}," in line)
    assert row.startswith(f"1,{tree.a1.code},") and row.split(",")[3:5] == ["95", "90"]


@pytest.mark.parametrize("user", ["reporter_a2", "viewer_b", "outsider"])
def test_other_units_are_refused(client, tree, sheet, user):
    client.force_login(getattr(tree.users, user))
    assert client.get(base(sheet)).status_code == 403
    assert client.post(base(sheet) + "register/").status_code == 403
    assert not Entry.objects.exists()


def test_the_province_admin_reads_but_does_not_verify_a_grassroots_entry(client, tree, sheet, take_part):
    take_part(tree.a1, tree.users.reporter_a1, {"1.1": "40", "1.2": "30", "2.1": "25"})
    client.force_login(tree.users.admin)
    page = client.get(base(sheet)).content.decode()
    assert "Lưu điểm thẩm định" not in page
    assert client.post(base(sheet) + "confirm/").status_code == 403
    assert Entry.objects.get(unit=tree.a1).status == "submitted"


def test_the_proposal_form_sends_a_commendation(client, tree, sheet):
    client.force_login(tree.users.approver_a)
    award = sheet.awards.get(code="BK")
    page = client.get("/emulation/proposals/new/HP-A/?unit=HP-A-01")
    assert page.status_code == 200
    response = client.post("/emulation/proposals/new/HP-A/", {
        "kind": "commendation", "unit": "HP-A-01", "award": str(award.pk), "reason": "Dẫn đầu phong trào"})
    assert response.status_code == 302
    refused = client.post("/emulation/proposals/new/HP-A/", {"kind": "commendation", "unit": "HP-B-01",
                                                              "award": str(award.pk), "reason": "x"})
    assert refused.status_code == 422
    client.force_login(tree.users.reporter_a1)
    assert client.get("/emulation/proposals/new/HP-A-01/").status_code == 403


def test_a_report_figure_is_cited_as_evidence(client, tree, sheet, period):
    from greenplan.reporting.services import report_save
    from greenplan.testing.factories import full_values

    report = report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                         values=full_values(G3_SESSIONS=4)).report
    other = report_save(actor=tree.users.reporter_a2, unit=tree.a2, period=period, version=0,
                        values=full_values()).report
    client.force_login(tree.users.reporter_a1)
    client.post(base(sheet) + "register/")
    page = client.get(base(sheet)).content.decode()
    assert 'data-testid="figure-form"' in page
    client.post(base(sheet) + "link/", {"criterion": "2.1", "report": str(other.pk), "indicator": "G3_SESSIONS"})
    assert not Entry.objects.get(unit=tree.a1).scores.filter(links__isnull=False).exists()  # not its report
    client.post(base(sheet) + "link/", {"criterion": "2.1", "report": str(report.pk), "indicator": "G3_SESSIONS"})
    [score] = Entry.objects.get(unit=tree.a1).scores.filter(links__isnull=False)
    link = score.links.get()
    assert (score.criterion.code, link.report, link.indicator.code) == ("2.1", report, "G3_SESSIONS")
    assert "2026H1: G3_SESSIONS" in client.get(base(sheet)).content.decode()


def test_the_sheet_page_shows_criteria_conditions_and_awards(client, tree, sheet):
    client.force_login(tree.users.reporter_a1)
    assert "Xanh - Sạch - Đẹp" in client.get("/emulation/").content.decode()
    page = client.get("/emulation/xsd/2025/").content.decode()
    assert "tổng 100 điểm" in page and "Phân loại rác" in page and "DK1. Không để xảy ra tai nạn" in page
    assert "từ 91 điểm" in page and "Bằng khen" in page
    assert client.get("/emulation/XSD/2024/").status_code == 404
