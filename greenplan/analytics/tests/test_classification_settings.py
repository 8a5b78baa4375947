"""Settings pages of the classification: criteria and bands, for province admins only."""

from decimal import Decimal

import pytest

from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.reporting.models import Indicator

pytestmark = pytest.mark.django_db
Kind = ClassificationCriterion.Kind
BASE = "/settings/classification/"


@pytest.fixture
def green(db):
    return ClassificationCriterion.objects.select_related("indicator").get(
        indicator__code="G7_GREEN_PROCUREMENT_RATE")


@pytest.fixture
def good(db):
    return ClassificationBand.objects.get(label="Tốt")


def pages(green, good):
    return [BASE, f"{BASE}criteria/new/", f"{BASE}criteria/{green.pk}/", f"{BASE}criteria/{green.pk}/delete/",
            f"{BASE}bands/new/", f"{BASE}bands/{good.pk}/", f"{BASE}bands/{good.pk}/delete/"]


def criterion_data(**overrides):
    data = {"name": "Tỷ lệ văn bản điện tử", "name_en": "", "kind": "indicator",
            "indicator": Indicator.objects.get(code="G7_DOCS_ELECTRONIC_RATE").pk, "operator": ">=",
            "threshold": "70", "points": "10", "order": ""}
    data.update(overrides)
    return data


def band_data(**overrides):
    data = {"label": "Khá giỏi", "label_en": "Fairly good", "min_score": "65", "colour": "info", "order": ""}
    data.update(overrides)
    return data


def errors(response) -> str:
    return " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["approver_a", "reporter_a1", "viewer_b", "outsider"])
def test_only_province_admins_see_or_change_the_classification(client, tree, green, good, user):
    client.force_login(getattr(tree.users, user))
    for url in pages(green, good):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{BASE}criteria/new/", criterion_data()).status_code == 403
    assert client.post(f"{BASE}criteria/{green.pk}/", criterion_data(points="1")).status_code == 403
    assert client.post(f"{BASE}criteria/{green.pk}/delete/").status_code == 403
    assert client.post(f"{BASE}bands/{good.pk}/", band_data()).status_code == 403
    assert client.post(f"{BASE}bands/{good.pk}/delete/").status_code == 403
    assert ClassificationCriterion.objects.count() == 6 and ClassificationBand.objects.count() == 5
    green.refresh_from_db()
    assert green.points == 20


def test_an_admin_of_a_lower_unit_is_refused(client, tree, green):
    from greenplan.accounts.models import Membership, Role

    Membership.objects.filter(user=tree.users.approver_a).update(role=Role.ADMIN)
    client.force_login(tree.users.approver_a)
    assert client.get(BASE).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, tree):
    response = client.get(BASE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_province_admin_sees_every_page(client, tree, green, good):
    client.force_login(tree.users.admin)
    for url in pages(green, good):
        assert client.get(url).status_code == 200, url
    page = client.get(BASE).content.decode()
    assert "Tổng điểm" in page and "G7_GREEN_PROCUREMENT_RATE" in page and "từ 91 %" in page
    assert "từ 75 % đến dưới 91 %" in page


# --- criteria -----------------------------------------------------------------------------------


def test_adding_editing_and_deleting_a_criterion(client, tree):
    client.force_login(tree.users.admin)
    response = client.post(f"{BASE}criteria/new/", criterion_data(threshold="72,5"), follow=True)
    assert "Đã thêm tiêu chí “Tỷ lệ văn bản điện tử”." in response.content.decode()
    added = ClassificationCriterion.objects.get(name="Tỷ lệ văn bản điện tử")
    assert (added.threshold, added.points, added.order) == (Decimal("72.5"), 10, 7)
    assert client.get(f"{BASE}criteria/{added.pk}/").context["form"].initial["threshold"] == Decimal("72.5")

    response = client.post(f"{BASE}criteria/{added.pk}/", criterion_data(kind="on_time", points="15"), follow=True)
    assert "Đã lưu tiêu chí" in response.content.decode()
    added.refresh_from_db()
    assert (added.kind, added.indicator, added.threshold, added.points) == (Kind.ON_TIME, None, None, 15)

    response = client.post(f"{BASE}criteria/{added.pk}/delete/", follow=True)
    assert "Đã xóa tiêu chí" in response.content.decode()
    assert not ClassificationCriterion.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize("overrides, message", [
    ({"points": "-5"}, "Điểm không được âm."),
    ({"points": "mười"}, "Điểm phải là số nguyên."),
    ({"indicator": ""}, "Hãy chọn chỉ tiêu để so sánh."),
    ({"threshold": ""}, "Hãy nhập ngưỡng để so sánh với chỉ tiêu."),
    ({"threshold": "ba mươi lăm"}, "Hãy nhập một số, ví dụ 35 hoặc 35,5."),
    ({"kind": "completeness", "threshold": "150"}, "Tỷ lệ báo cáo tối thiểu phải từ 0 đến 100 %."),
    ({"kind": "completeness", "threshold": ""}, "Hãy nhập tỷ lệ báo cáo tối thiểu (%)."),
    ({"name": ""}, "Trường này là bắt buộc."),
])
def test_bad_criterion_input_is_refused_and_nothing_saved(client, tree, overrides, message):
    client.force_login(tree.users.admin)
    response = client.post(f"{BASE}criteria/new/", criterion_data(**overrides))
    assert response.status_code == 422
    assert message in errors(response)
    assert "Chưa lưu được" in response.content.decode()
    assert ClassificationCriterion.objects.count() == 6


def test_a_refused_edit_leaves_the_criterion_as_it_was(client, tree, green):
    client.force_login(tree.users.admin)
    response = client.post(f"{BASE}criteria/{green.pk}/", criterion_data(name="Đổi tên", points="-1"))
    assert response.status_code == 422 and "Điểm không được âm." in errors(response)
    green.refresh_from_db()
    assert (green.name, green.points, green.indicator.code) == (
        "Tỷ lệ mua sắm xanh đạt mục tiêu của kế hoạch", 20, "G7_GREEN_PROCUREMENT_RATE")


# --- bands --------------------------------------------------------------------------------------


def test_adding_editing_and_deleting_a_band(client, tree, good):
    client.force_login(tree.users.admin)
    response = client.post(f"{BASE}bands/new/", band_data(min_score="62,5"), follow=True)
    assert "Đã thêm mức xếp loại “Khá giỏi”." in response.content.decode()
    added = ClassificationBand.objects.get(label="Khá giỏi")
    assert added.min_score == Decimal("62.5")

    response = client.post(f"{BASE}bands/{good.pk}/", band_data(label="Tốt", min_score="80", colour="primary"),
                           follow=True)
    assert "Đã lưu mức xếp loại “Tốt”." in response.content.decode()
    good.refresh_from_db()
    assert good.min_score == 80

    client.post(f"{BASE}bands/{added.pk}/delete/")
    assert not ClassificationBand.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize("overrides, message", [
    ({"min_score": "91"}, "Đã có mức xếp loại với điểm tối thiểu này."),
    ({"label": "Xuất sắc"}, "Đã có mức xếp loại với tên này."),
    ({"min_score": "-1"}, "Điểm tối thiểu phải từ 0 đến 100 %."),
    ({"min_score": "101"}, "Điểm tối thiểu phải từ 0 đến 100 %."),
    ({"min_score": "1000"}, "Điểm tối thiểu phải từ 0 đến 100 %."),
    ({"min_score": "nhiều"}, "Hãy nhập một số, ví dụ 35 hoặc 35,5."),
])
def test_bad_band_input_is_refused_and_nothing_saved(client, tree, good, overrides, message):
    client.force_login(tree.users.admin)
    response = client.post(f"{BASE}bands/{good.pk}/", band_data(**overrides))
    assert response.status_code == 422
    assert message in errors(response)
    good.refresh_from_db()
    assert (good.label, good.min_score) == ("Tốt", 75)
    assert ClassificationBand.objects.count() == 5


def test_without_a_band_from_zero_the_page_warns(client, tree):
    ClassificationBand.objects.filter(min_score=0).delete()
    client.force_login(tree.users.admin)
    assert 'data-testid="no-floor"' in client.get(BASE).content.decode()
