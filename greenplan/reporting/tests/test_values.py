from decimal import Decimal

import pytest

from greenplan.reporting import values as V
from greenplan.reporting.models import Indicator


@pytest.fixture
def catalogue(tree):
    return V.catalogue_for(tree.a1)


def ind(code):
    return Indicator.objects.get(code=code)


@pytest.mark.parametrize(
    "code, raw, expected",
    [
        ("G3_SESSIONS", 12, Decimal(12)),
        ("G3_SESSIONS", "12", Decimal(12)),
        ("G3_SESSIONS", "1.234", Decimal(1234)),
        ("G7_UNION_SPENDING", "1.234,5", Decimal("1234.5")),
        ("G7_UNION_SPENDING", 12.25, Decimal("12.25")),
        ("G1_FOCAL", True, Decimal(1)),
        ("G1_FOCAL", 0, Decimal(0)),
        ("G3_SESSIONS", None, None),
        ("G3_SESSIONS", "  ", None),
    ],
)
def test_it_reads_numbers_as_people_type_them(db, code, raw, expected):
    assert V.parse_value(ind(code), raw) == expected


@pytest.mark.parametrize(
    "code, raw, message",
    [
        ("G3_SESSIONS", "mười hai", "Giá trị phải là một số."),
        ("G3_SESSIONS", -1, "Giá trị không được âm."),
        ("G3_SESSIONS", 2.5, "Chỉ tiêu này chỉ nhận số nguyên."),
        ("G1_FOCAL", 2, "Chỉ tiêu có/không chỉ nhận 1 (có) hoặc 0 (không)."),
        ("G5_SELF_SCORE", 101, "Giá trị không được lớn hơn 100."),
        ("G3_SESSIONS", "NaN", "Giá trị phải là một số."),
        ("G3_SESSIONS", "Infinity", "Giá trị phải là một số."),
        ("G7_UNION_SPENDING", Decimal("1e20"), "Giá trị quá lớn (phải nhỏ hơn 100.000.000.000.000)."),
        ("G7_UNION_SPENDING", "1e20", "Giá trị phải là một số."),
        ("G7_UNION_SPENDING", "0.123456", "Tối đa 4 chữ số thập phân."),
    ],
)
def test_it_refuses_bad_values_with_a_vietnamese_message(db, code, raw, message):
    with pytest.raises(ValueError) as exc:
        V.parse_value(ind(code), raw)
    assert str(exc.value) == message


def test_unknown_and_derived_codes_are_errors(catalogue):
    parsed, errors = V.parse_values(catalogue, {"NOPE": 1, "G7_GREEN_PROCUREMENT_RATE": 50, "G3_SESSIONS": 2})
    assert parsed == {"G3_SESSIONS": 2}
    assert errors["NOPE"] == "Không có chỉ tiêu với mã này."
    assert errors["G7_GREEN_PROCUREMENT_RATE"] == "Chỉ tiêu này được tính tự động, không nhập trực tiếp."


def test_a_retired_indicator_is_refused(tree):
    Indicator.objects.filter(code="G3_MEDIA").update(retired_at="2020-01-01")
    _parsed, errors = V.parse_values(V.catalogue_for(tree.a1), {"G3_MEDIA": 1})
    assert "ngừng sử dụng" in errors["G3_MEDIA"]


def test_an_indicator_limited_to_other_kinds_is_refused(tree):
    indicator = ind("G2_CBA_GREEN")
    indicator.reporting_kinds.add(tree.b.kind)
    _parsed, errors = V.parse_values(V.catalogue_for(tree.a1), {"G2_CBA_GREEN": 1})
    assert "G2_CBA_GREEN" in errors


def test_rules_block_errors_and_only_warn_for_warnings(catalogue):
    errors, warnings = V.check_rules(
        catalogue, {"G7_PROCUREMENT_TOTAL": Decimal(10), "G7_PROCUREMENT_GREEN": Decimal(11),
                    "MEMBERS": Decimal(200), "WORKERS": Decimal(150)}
    )
    assert errors == {
        "G7_PROCUREMENT_GREEN": "«Giá trị mua sắm xanh» không được lớn hơn "
        "«Tổng giá trị mua sắm từ tài chính Công đoàn»."
    }
    assert set(warnings) == {"MEMBERS"}


def test_a_rule_with_a_missing_side_is_not_checked(catalogue):
    assert V.check_rules(catalogue, {"G7_PROCUREMENT_GREEN": Decimal(11)}) == ({}, {})


def test_ratios_are_derived_from_their_parts(catalogue):
    derived = V.derive(catalogue, {"G7_PROCUREMENT_TOTAL": Decimal(200), "G7_PROCUREMENT_GREEN": Decimal(70)})
    assert derived["G7_GREEN_PROCUREMENT_RATE"] == Decimal("35.00")
    assert derived["G6_HEALTH_CHECK_RATE"] is None


def test_a_zero_denominator_gives_no_ratio():
    assert V.ratio(Decimal(5), Decimal(0)) is None


def test_a_jump_from_last_period_is_a_warning(catalogue):
    warnings = V.jump_warnings(catalogue, {"G3_SESSIONS": Decimal(100)}, {"G3_SESSIONS": Decimal(20)})
    assert "G3_SESSIONS" in warnings
    assert not V.jump_warnings(catalogue, {"G3_SESSIONS": Decimal(30)}, {"G3_SESSIONS": Decimal(20)})
    assert not V.jump_warnings(catalogue, {"G3_SESSIONS": Decimal(30)}, {"G3_SESSIONS": Decimal(2)})


def test_the_catalogue_is_loaded_whole(db):
    assert Indicator.objects.count() == 68
    rate = ind("G7_GREEN_PROCUREMENT_RATE")
    assert (rate.numerator.code, rate.denominator.code, rate.derived) == (
        "G7_PROCUREMENT_GREEN", "G7_PROCUREMENT_TOTAL", True)
    assert ind("G5_ELECTRICITY_KWH").required is False
    assert ind("G5_SELF_SCORE").max_value == 100
