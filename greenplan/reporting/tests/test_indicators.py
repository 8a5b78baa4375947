import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.reporting.indicators import (
    indicator_create,
    indicator_retire,
    indicator_update,
    rule_create,
)
from greenplan.reporting.models import Indicator
from greenplan.reporting.services import report_save
from greenplan.reporting.values import catalogue_for


def test_a_province_admin_adds_an_indicator_without_code(tree):
    ind = indicator_create(actor=tree.users.admin, code="g5_bikes", group=5, name="Số xe đạp", type="integer",
                           aggregation="sum")
    assert ind.code == "G5_BIKES" and ind.required
    assert "G5_BIKES" in catalogue_for(tree.a1).indicators


def test_a_ratio_needs_both_parts_and_is_derived(tree):
    with pytest.raises(ValidationError):
        indicator_create(actor=tree.users.admin, code="X_RATE", name="x", type="percent", aggregation="ratio")
    ind = indicator_create(
        actor=tree.users.admin, code="X_RATE", name="x", type="percent", aggregation="ratio",
        numerator=Indicator.objects.get(code="G3_TRAINEES"), denominator=Indicator.objects.get(code="MEMBERS"),
    )
    assert ind.derived and not ind.required


@pytest.mark.parametrize("user", ["approver_a", "reporter_a1", "outsider"])
def test_only_a_root_admin_may_change_the_catalogue(tree, user):
    with pytest.raises(PermissionDenied):
        indicator_create(actor=getattr(tree.users, user), code="X", name="x", type="integer", aggregation="sum")


def test_a_duplicate_code_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        indicator_create(actor=tree.users.admin, code="members", name="x", type="integer", aggregation="sum")
    assert "code" in exc.value.message_dict


def test_a_retired_indicator_is_no_longer_asked_but_keeps_its_values(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_MEDIA": 4})
    ind = indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"))
    assert "G3_MEDIA" not in catalogue_for(tree.a1).indicators
    assert ind.values.count() == 1


def test_the_formula_of_a_reported_indicator_cannot_change(tree, period):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_MEDIA": 4})
    with pytest.raises(ValidationError):
        indicator_update(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"), type="decimal")
    ind = indicator_update(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"), name="Tin bài")
    assert ind.name == "Tin bài"


def test_a_new_rule_gets_a_vietnamese_message(tree):
    rule = rule_create(actor=tree.users.admin, left=Indicator.objects.get(code="G3_TRAINEES"), operator="<=",
                       right=Indicator.objects.get(code="G3_REACHED"))
    assert rule.message.startswith("«Số lượt người được tập huấn» không được lớn hơn")
