"""Values are stored exactly as typed, within what the column holds on SQLite and PostgreSQL, or refused."""

from decimal import Decimal

import pytest

from greenplan.reporting import values as V
from greenplan.reporting.errors import InvalidValues
from greenplan.reporting.models import Indicator, Report, ReportEvent
from greenplan.reporting.services import report_save, stored_values


def ind(code):
    return Indicator.objects.get(code=code)


def save(tree, period, version=0, **kwargs):
    return report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=version, **kwargs)


@pytest.mark.parametrize(
    "raw",
    [
        Decimal("99999999999999.99"),
        Decimal("12345678901234.5678"),
        Decimal("1234567890123.456"),
        99999999999999.99,
        "99.999.999.999.999,99",
    ],
)
def test_it_refuses_a_value_the_column_cannot_hold_exactly(tree, period, raw):
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, values={"G5_INITIATIVE_VALUE": raw})
    assert "G5_INITIATIVE_VALUE" in exc.value.errors
    assert not Report.objects.exists()


def test_the_largest_values_it_accepts_read_back_exactly(tree, period):
    report = save(tree, period, values={
        "G5_INITIATIVE_VALUE": Decimal("99999999999.9999"),
        "G7_UNION_SPENDING": Decimal("99999999999999"),
        "G3_SESSIONS": Decimal("99999999999999"),
    }).report
    assert stored_values(Report.objects.get(pk=report.pk)) == {
        "G5_INITIATIVE_VALUE": Decimal("99999999999.9999"),
        "G7_UNION_SPENDING": Decimal("99999999999999"),
        "G3_SESSIONS": Decimal("99999999999999"),
    }


@pytest.mark.parametrize(
    "raw, message",
    [
        ("12345678901234.5678", "Số có 14 chữ số phần nguyên chỉ được có tối đa 1 chữ số thập phân "
                                "(tổng cộng tối đa 15 chữ số)."),
        (Decimal("123456789012.3456"), "Số có 12 chữ số phần nguyên chỉ được có tối đa 3 chữ số thập phân "
                                      "(tổng cộng tối đa 15 chữ số)."),
        (Decimal("1E+14"), "Giá trị quá lớn (phải nhỏ hơn 100.000.000.000.000)."),
        (Decimal("1E-400"), "Tối đa 4 chữ số thập phân."),
        (Decimal("0.00001"), "Tối đa 4 chữ số thập phân."),
    ],
)
def test_it_names_the_allowed_range_and_precision(db, raw, message):
    with pytest.raises(ValueError) as exc:
        V.parse_value(ind("G7_UNION_SPENDING"), raw)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    "raw, expected",
    [
        (Decimal("12.25"), Decimal("12.25")),
        (Decimal("12.2500"), Decimal("12.25")),
        (Decimal("1E+3"), Decimal(1000)),
        (12.25, Decimal("12.25")),
        (0.1, Decimal("0.1")),
        (1000, Decimal(1000)),
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234\u00a0567", Decimal(1234567)),
        (" 12 ", Decimal(12)),
        ("1234", Decimal(1234)),
        ("12.5", Decimal("12.5")),
    ],
)
def test_it_accepts_json_numbers_and_vietnamese_typing(db, raw, expected):
    assert V.parse_value(ind("G7_UNION_SPENDING"), raw) == expected


@pytest.mark.parametrize(
    "code, raw",
    [
        ("G3_SESSIONS", True),
        ("G3_SESSIONS", False),
        ("G7_UNION_SPENDING", True),
        ("G3_SESSIONS", "1e3"),
        ("G3_SESSIONS", "1E3"),
        ("G3_SESSIONS", "1_000"),
        ("G3_SESSIONS", "١٢"),
        ("G3_SESSIONS", "１２"),
        ("G3_SESSIONS", "𝟏𝟐"),
        ("G3_SESSIONS", "0x10"),
        ("G3_SESSIONS", "+12"),
        ("G3_SESSIONS", "12,"),
        ("G3_SESSIONS", ",5"),
        ("G3_SESSIONS", "1.2.3,4"),
        ("G3_SESSIONS", "12 34"),
        ("G3_SESSIONS", "1 2"),
        ("G7_UNION_SPENDING", "1,5 2,5"),
        ("G7_UNION_SPENDING", "1 234.5"),
        ("G3_SESSIONS", "1.234 567"),
        ("G3_SESSIONS", "12\x00"),
        ("G3_SESSIONS", [12]),
        ("G3_SESSIONS", {"v": 12}),
        ("G3_SESSIONS", float("nan")),
        ("G3_SESSIONS", float("inf")),
        ("G3_SESSIONS", Decimal("NaN")),
        ("G3_SESSIONS", Decimal("sNaN")),
    ],
)
def test_it_refuses_what_is_not_a_number_as_typed(db, code, raw):
    with pytest.raises(ValueError):
        V.parse_value(ind(code), raw)


def test_true_and_false_answer_a_yes_no_question(db):
    assert V.parse_value(ind("G1_FOCAL"), True) == 1
    assert V.parse_value(ind("G1_FOCAL"), False) == 0


def test_a_boolean_for_a_number_says_so(db):
    with pytest.raises(ValueError) as exc:
        V.parse_value(ind("G3_SESSIONS"), True)
    assert str(exc.value) == "Chỉ tiêu này nhận một số, không nhận true/false."


def test_an_indicator_code_must_match_exactly(tree, period):
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, values={"g3_sessions": 3, " G3_MEDIA": 4})
    assert exc.value.errors == {
        "g3_sessions": "Mã chỉ tiêu phải viết đúng như danh mục: G3_SESSIONS.",
        " G3_MEDIA": "Mã chỉ tiêu phải viết đúng như danh mục: G3_MEDIA.",
    }


# --- a save that changes nothing ----------------------------------------------------------------


def test_a_save_that_changes_nothing_keeps_the_version(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3, "G7_UNION_SPENDING": "12,5"}, narrative={"results": "Tốt"})
    result = save(tree, period, version=1, values={"G3_SESSIONS": Decimal("3.00"), "G7_UNION_SPENDING": 12.5},
                  narrative={"results": "Tốt "})
    assert result.report.version == 1
    assert Report.objects.get().version == 1
    assert ReportEvent.objects.count() == 1


def test_an_empty_save_of_a_unit_without_report_creates_nothing(tree, period):
    result = save(tree, period, values={"G3_SESSIONS": None}, narrative={"results": ""})
    assert result.report is None
    assert not Report.objects.exists()


def test_a_save_that_changes_something_still_moves_the_version(tree, period):
    save(tree, period, values={"G3_SESSIONS": 3})
    assert save(tree, period, version=1, values={"G3_SESSIONS": 3, "G3_MEDIA": 1}).report.version == 2


def test_it_never_rounds_a_long_fraction_away(db):
    with pytest.raises(ValueError):
        V.parse_value(ind("G3_SESSIONS"), Decimal("1.00000000000000000000000000000001"))


# --- narrative and comments ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Tốt\x00", "a\x1b[31m", "\ud800"])
def test_a_narrative_with_a_control_character_or_lone_surrogate_is_refused(tree, period, text):
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, values={"G3_SESSIONS": 1}, narrative={"difficulties": text})
    assert exc.value.errors["difficulties"].startswith("Khó khăn, vướng mắc chứa ký tự")
    assert not Report.objects.exists()


def test_a_narrative_keeps_tabs_and_line_breaks(tree, period):
    report = save(tree, period, narrative={"results": "Một\tHai\r\nBa"}).report
    assert Report.objects.get(pk=report.pk).results == "Một\tHai\r\nBa"


def test_a_narrative_too_long_names_the_field_and_the_limit(tree, period):
    with pytest.raises(InvalidValues) as exc:
        save(tree, period, narrative={"proposals": "x" * 20_001})
    assert exc.value.errors["proposals"] == "Kiến nghị, đề xuất quá dài: tối đa 20.000 ký tự (hiện có 20.001)."


def test_a_return_comment_with_a_nul_is_refused(tree, period):
    from greenplan.reporting.services import report_return, report_submit
    from greenplan.testing.factories import full_values

    report = save(tree, period, values=full_values()).report
    report_submit(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=report.version)
    with pytest.raises(InvalidValues) as exc:
        report_return(actor=tree.users.approver_a, unit=tree.a1, period=period, comment="Thiếu\x00")
    assert "ký tự điều khiển" in exc.value.errors["comment"]
    assert Report.objects.get().status == "submitted"
