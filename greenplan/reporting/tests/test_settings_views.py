"""Province settings pages: indicators, rules and periods, all through the catalogue services."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.orgs.models import UnitKind
from greenplan.reporting.models import Indicator, Period, ValidationRule
from greenplan.reporting.services import report_save

pytestmark = pytest.mark.django_db

PAGES = [
    "/settings/", "/settings/indicators/", "/settings/indicators/new/", "/settings/indicators/MEMBERS/",
    "/settings/rules/", "/settings/periods/", "/settings/periods/new/", "/settings/periods/2026H1/",
]
POSTS = [
    "/settings/indicators/G3_MEDIA/retire/", "/settings/indicators/G3_MEDIA/restore/",
    "/settings/periods/2026H1/open/", "/settings/rules/1/active/",
]


def login(client, user):
    client.force_login(user)
    return client


def new_indicator(**overrides):
    data = {
        "code": "g5_bikes", "name": "Số xe đạp điện được trang bị", "name_en": "E-bikes", "unit": "chiếc",
        "group": "5", "plan_items": "5.1", "type": "integer", "aggregation": "sum",
        "required": "on", "min_value": "0", "max_value": "",
    }
    data.update(overrides)
    return data


def edit_data(indicator: Indicator, **overrides):
    data = {
        "name": indicator.name, "name_en": indicator.name_en, "unit": indicator.unit, "group": indicator.group,
        "plan_items": indicator.plan_items, "type": indicator.type, "aggregation": indicator.aggregation,
        "min_value": "0", "max_value": "",
        "numerator": indicator.numerator_id or "", "denominator": indicator.denominator_id or "",
        "kinds": [k.pk for k in indicator.reporting_kinds.all()],
    }
    if indicator.required:
        data["required"] = "on"
    data.update(overrides)
    return data


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["approver_a", "reporter_a1", "viewer_b", "outsider"])
@pytest.mark.parametrize("url", PAGES)
def test_only_province_admins_see_the_settings(client, tree, period, user, url):
    assert login(client, getattr(tree.users, user)).get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_the_province_admin_sees_every_settings_page(client, tree, period, url):
    response = login(client, tree.users.admin).get(url)
    assert response.status_code == (302 if url == "/settings/" else 200)


@pytest.mark.parametrize("user", ["approver_a", "reporter_a1", "viewer_b", "outsider"])
@pytest.mark.parametrize("url", POSTS)
def test_others_cannot_change_settings(client, tree, period, user, url):
    assert login(client, getattr(tree.users, user)).post(url, {"open": "0", "active": "0"}).status_code == 403
    period.refresh_from_db()
    assert period.is_open and Indicator.objects.get(code="G3_MEDIA").retired_at is None


def test_an_admin_of_a_lower_unit_is_not_a_province_admin(client, tree):
    from greenplan.accounts.models import Membership, Role

    Membership.objects.filter(user=tree.users.approver_a).update(role=Role.ADMIN)
    assert login(client, tree.users.approver_a).get("/settings/indicators/").status_code == 403


def test_unknown_objects_are_404(client, tree):
    login(client, tree.users.admin)
    assert client.get("/settings/indicators/NOPE/").status_code == 404
    assert client.get("/settings/periods/2031H1/").status_code == 404
    assert client.post("/settings/rules/999999/active/").status_code == 404


# --- indicators ---------------------------------------------------------------------------------


def test_the_list_filters_by_group_and_searches_with_or_without_diacritics(client, tree):
    login(client, tree.users.admin)
    everything = client.get("/settings/indicators/").context["indicators"]
    assert len(everything) == Indicator.objects.filter(retired_at__isnull=True).count()
    group3 = client.get("/settings/indicators/?group=3").context["indicators"]
    assert group3 and all(i.group == 3 for i in group3)
    members = Indicator.objects.get(code="MEMBERS")
    for q in (members.name, "so doan vien", "SỐ ĐOÀN VIÊN", "members"):
        found = client.get("/settings/indicators/", {"q": q}).context["indicators"]
        assert members in found, q
    assert client.get("/settings/indicators/?q=zzzz").context["indicators"] == []


def test_retired_indicators_are_hidden_unless_asked(client, tree):
    ind = Indicator.objects.get(code="G3_MEDIA")
    ind.retired_at = datetime.date(2026, 1, 1)
    ind.save()
    login(client, tree.users.admin)
    assert ind not in client.get("/settings/indicators/").context["indicators"]
    html = client.get("/settings/indicators/?retired=1").content.decode()
    assert "Ngừng sử dụng từ 01/01/2026" in html


def test_the_list_costs_a_fixed_number_of_queries(client, tree):
    login(client, tree.users.admin).get("/settings/indicators/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/settings/indicators/")
    assert len(queries) <= 8


def test_create_an_indicator_with_reporting_kinds(client, tree):
    grassroots = UnitKind.objects.get(code="grassroots")
    response = login(client, tree.users.admin).post(
        "/settings/indicators/new/", new_indicator(kinds=[grassroots.pk])
    )
    assert response.status_code == 302 and response["Location"] == "/settings/indicators/"
    ind = Indicator.objects.get(code="G5_BIKES")
    assert ind.name == "Số xe đạp điện được trang bị" and ind.group == 5 and ind.required
    assert list(ind.reporting_kinds.all()) == [grassroots]
    assert ind.order > Indicator.objects.filter(group=5).exclude(pk=ind.pk).order_by("-order")[0].order
    assert "Đã thêm chỉ tiêu G5_BIKES." in client.get("/settings/indicators/").content.decode()


def test_create_a_ratio_indicator(client, tree):
    trainees, members = Indicator.objects.get(code="G3_TRAINEES"), Indicator.objects.get(code="MEMBERS")
    response = login(client, tree.users.admin).post("/settings/indicators/new/", new_indicator(
        code="G3_TRAINED_RATE", type="percent", aggregation="ratio", numerator=trainees.pk,
        denominator=members.pk, unit="%"))
    assert response.status_code == 302
    ind = Indicator.objects.get(code="G3_TRAINED_RATE")
    assert ind.derived and ind.numerator == trainees and ind.denominator == members


def test_service_refusals_become_form_errors(client, tree):
    login(client, tree.users.admin)
    response = client.post("/settings/indicators/new/", new_indicator(code="X_RATE", aggregation="ratio"))
    assert response.status_code == 422
    assert "Chỉ tiêu tỷ lệ cần chỉ rõ tử số và mẫu số." in response.content.decode()
    response = client.post("/settings/indicators/new/", new_indicator(code="members"))
    assert response.status_code == 422 and 'data-testid="field-error"' in response.content.decode()
    response = client.post("/settings/indicators/new/", new_indicator(code="X", type="yesno"))
    assert "Chỉ tiêu có/không được tổng hợp bằng số đơn vị trả lời có." in response.content.decode()
    response = client.post("/settings/indicators/new/", new_indicator(code="X", min_value="5", max_value="1"))
    assert "Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất." in response.content.decode()
    response = client.post("/settings/indicators/new/", new_indicator(code="1 bad"))
    assert "Mã chỉ tiêu bắt đầu bằng chữ cái" in response.content.decode()
    assert not Indicator.objects.filter(code__in=["X_RATE", "X"]).exists()


def test_edit_an_indicator(client, tree):
    ind = Indicator.objects.get(code="G3_MEDIA")
    kind = UnitKind.objects.get(code="grassroots")
    response = login(client, tree.users.admin).post(
        "/settings/indicators/G3_MEDIA/", edit_data(ind, name="Số tin bài tuyên truyền", max_value="1.000",
                                                   kinds=[kind.pk])
    )
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.name == "Số tin bài tuyên truyền" and ind.max_value == 1000
    assert list(ind.reporting_kinds.all()) == [kind]


def test_the_formula_of_an_indicator_with_values_cannot_change(client, tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_MEDIA": 4})
    ind = Indicator.objects.get(code="G3_MEDIA")
    login(client, tree.users.admin)
    assert 'data-testid="has-values"' in client.get("/settings/indicators/G3_MEDIA/").content.decode()
    response = client.post("/settings/indicators/G3_MEDIA/", edit_data(ind, type="decimal", name="Đổi tên"))
    assert response.status_code == 422
    assert "Chỉ tiêu đã có số liệu báo cáo: không đổi được kiểu hay công thức." in response.content.decode()
    ind.refresh_from_db()
    assert ind.type == "integer" and ind.name != "Đổi tên"


def test_retire_and_restore(client, tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_MEDIA": 4})
    login(client, tree.users.admin)
    response = client.post("/settings/indicators/G3_MEDIA/retire/", {"back": "group=3&q=tin"})
    assert response.status_code == 302 and response["Location"] == "/settings/indicators/?group=3&q=tin"
    ind = Indicator.objects.get(code="G3_MEDIA")
    assert ind.retired_at is not None and ind.values.count() == 1  # history stays
    assert client.post("/settings/indicators/G3_MEDIA/restore/").status_code == 302
    ind.refresh_from_db()
    assert ind.retired_at is None


def test_retire_needs_post(client, tree):
    assert login(client, tree.users.admin).get("/settings/indicators/G3_MEDIA/retire/").status_code == 405


# --- rules --------------------------------------------------------------------------------------


def test_a_rule_without_a_message_gets_a_generated_one(client, tree):
    left, right = Indicator.objects.get(code="G3_TRAINEES"), Indicator.objects.get(code="MEMBERS")
    ValidationRule.objects.filter(left=left, right=right).delete()
    response = login(client, tree.users.admin).post(
        "/settings/rules/", {"left": left.pk, "operator": "<=", "right": right.pk, "severity": "warning"}
    )
    assert response.status_code == 302
    rule = ValidationRule.objects.get(left=left, right=right, operator="<=")
    assert rule.severity == "warning" and rule.message.startswith(f"«{left.name}» không được lớn hơn")


def test_a_rule_with_its_own_message(client, tree):
    left, right = Indicator.objects.get(code="G3_TRAINEES"), Indicator.objects.get(code="WORKERS")
    login(client, tree.users.admin).post("/settings/rules/", {
        "left": left.pk, "operator": "<", "right": right.pk, "severity": "error",
        "message": "Số người được tập huấn phải ít hơn số người lao động.",
    })
    assert ValidationRule.objects.get(left=left, right=right, operator="<").message == (
        "Số người được tập huấn phải ít hơn số người lao động."
    )


def test_rule_refusals_are_form_errors(client, tree):
    rule = ValidationRule.objects.first()
    login(client, tree.users.admin)
    response = client.post("/settings/rules/", {"left": rule.left_id, "operator": rule.operator,
                                                "right": rule.right_id, "severity": "error"})
    assert response.status_code == 422 and "Đã có quy tắc này." in response.content.decode()
    response = client.post("/settings/rules/", {"left": rule.left_id, "operator": "<", "right": rule.left_id,
                                                "severity": "error"})
    assert response.status_code == 422 and "Quy tắc so sánh hai chỉ tiêu khác nhau." in response.content.decode()


def test_deactivate_and_activate_a_rule(client, tree):
    rule = ValidationRule.objects.filter(active=True).first()
    login(client, tree.users.admin)
    client.post(f"/settings/rules/{rule.pk}/active/", {"active": "0"})
    rule.refresh_from_db()
    assert not rule.active
    assert "Đã tắt" in client.get("/settings/rules/").content.decode()
    client.post(f"/settings/rules/{rule.pk}/active/", {"active": "1"})
    rule.refresh_from_db()
    assert rule.active


# --- periods ------------------------------------------------------------------------------------


def test_the_periods_list_shows_dates_day_first(client, tree, period, previous_period):
    html = login(client, tree.users.admin).get("/settings/periods/").content.decode()
    assert "15/07/2026" in html and "15/06/2026" in html and "15/01/2026" in html
    assert html.index("2026H1") < html.index("2025H2")


def test_create_a_period_with_dates(client, tree):
    response = login(client, tree.users.admin).post("/settings/periods/new/", {
        "year": "2027", "half": "1", "cutoff": "15/06/2027", "deadline": "10/07/2027", "is_open": "on",
    })
    assert response.status_code == 302
    p = Period.objects.get(code="2027H1")
    assert (p.start, p.end, p.cutoff, p.deadline, p.is_open) == (
        datetime.date(2027, 1, 1), datetime.date(2027, 6, 30), datetime.date(2027, 6, 15),
        datetime.date(2027, 7, 10), True,
    )


def test_create_a_period_with_default_dates(client, tree):
    login(client, tree.users.admin).post("/settings/periods/new/", {"year": "2027", "half": "2"})
    p = Period.objects.get(code="2027H2")
    assert (p.cutoff, p.deadline, p.is_open) == (datetime.date(2027, 12, 31), datetime.date(2028, 1, 15), False)


def test_a_deadline_before_the_cutoff_is_refused_in_vietnamese(client, tree, period):
    login(client, tree.users.admin)
    response = client.post("/settings/periods/new/", {
        "year": "2027", "half": "1", "cutoff": "15/06/2027", "deadline": "10/06/2027",
    })
    assert response.status_code == 422
    assert "Hạn nộp phải sau hoặc đúng ngày chốt số liệu." in response.content.decode()
    assert not Period.objects.filter(code="2027H1").exists()
    response = client.post("/settings/periods/2026H1/", {"cutoff": "20/07/2026", "deadline": "15/07/2026"})
    assert response.status_code == 422
    assert "Hạn nộp phải sau hoặc đúng ngày chốt số liệu." in response.content.decode()
    period.refresh_from_db()
    assert period.cutoff == datetime.date(2026, 6, 15)


def test_bad_dates_and_duplicates_are_form_errors(client, tree, period):
    login(client, tree.users.admin)
    response = client.post("/settings/periods/new/", {"year": "2027", "half": "1", "cutoff": "2027-13-45"})
    assert response.status_code == 422 and "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()
    response = client.post("/settings/periods/new/", {"year": "2026", "half": "1"})
    assert response.status_code == 422 and "Kỳ báo cáo 2026H1 đã có." in response.content.decode()
    assert Period.objects.filter(year=2026, half=1).count() == 1


def test_edit_a_periods_dates(client, tree, period):
    login(client, tree.users.admin)
    html = client.get("/settings/periods/2026H1/").content.decode()
    assert 'value="15/06/2026"' in html and 'value="15/07/2026"' in html
    response = client.post("/settings/periods/2026H1/", {"cutoff": "30/06/2026", "deadline": "31/07/2026"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.cutoff, period.deadline) == (datetime.date(2026, 6, 30), datetime.date(2026, 7, 31))


def test_close_and_open_a_period(client, tree, period):
    login(client, tree.users.admin)
    client.post("/settings/periods/2026H1/open/", {"open": "0"})
    period.refresh_from_db()
    assert not period.is_open
    assert "Đã đóng kỳ báo cáo 2026H1." in client.get("/settings/periods/").content.decode()
    client.post("/settings/periods/2026H1/open/", {"open": "1"})
    period.refresh_from_db()
    assert period.is_open
