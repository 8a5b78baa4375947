import pytest
from django.utils import translation

from greenplan.lib.text import clean_text, limit_help


def clean(value, multiline=False, max_length=10):
    return clean_text(value, field="Tên", max_length=max_length, multiline=multiline)


def test_it_strips_and_keeps_what_was_typed():
    assert clean("  Hải Phòng ") == "Hải Phòng"
    assert clean("a\tb\r\nc", multiline=True) == "a\tb\r\nc"
    assert clean(None) == ""


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\x7fb", "a\x08b", "\x85"])
def test_it_refuses_control_characters(value):
    with pytest.raises(ValueError, match="ký tự điều khiển"):
        clean(value, multiline=True)
    with pytest.raises(ValueError, match="một dòng"):
        clean(value)


@pytest.mark.parametrize("value", ["a\tb", "a\nb", "a\rb"])
def test_a_one_line_field_refuses_tabs_and_line_breaks(value):
    with pytest.raises(ValueError) as exc:
        clean(value)
    assert str(exc.value) == "Tên chỉ được viết trên một dòng, không chứa ký tự tab hay ký tự điều khiển."


def test_it_refuses_a_lone_surrogate_with_a_message():
    with pytest.raises(ValueError) as exc:
        clean("a\ud800b", multiline=True)
    assert str(exc.value) == "Tên chứa ký tự không hợp lệ (mã hóa hỏng); hãy gõ lại."


def test_it_names_the_field_and_the_limit():
    with pytest.raises(ValueError) as exc:
        clean("x" * 20_001, multiline=True, max_length=20_000)
    assert str(exc.value) == "Tên quá dài: tối đa 20.000 ký tự (hiện có 20.001)."
    assert clean("x" * 20_000 + "  ", multiline=True, max_length=20_000) == "x" * 20_000


def test_it_refuses_what_is_not_text():
    with pytest.raises(ValueError, match="phải là văn bản"):
        clean(12)


def test_the_limit_help_follows_the_language():
    assert str(limit_help(20_000)) == "Tối đa 20.000 ký tự."
    with translation.override("en"):
        assert str(limit_help(20_000)) == "At most 20,000 characters."
