from django.utils import translation

from greenplan.reporting.labels import period_label


def test_half_years_and_years_are_named_in_vietnamese():
    with translation.override("vi"):
        assert period_label("2026H1") == "6 tháng đầu năm 2026"
        assert period_label("2026H2") == "6 tháng cuối năm 2026"
        assert period_label("2026") == "Năm 2026"


def test_half_years_and_years_are_named_in_english():
    with translation.override("en"):
        assert period_label("2026H1") == "First half of 2026"
        assert period_label("2026h2") == "Second half of 2026"
        assert period_label("2026") == "Year 2026"


def test_a_text_that_is_not_a_period_code_is_shown_as_it_is():
    assert period_label("2026H3") == "2026H3"
    assert period_label("") == ""
