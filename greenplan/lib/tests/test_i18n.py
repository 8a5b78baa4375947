from types import SimpleNamespace

from django.utils import translation

from greenplan.lib.i18n import localized


def test_english_page_shows_the_english_name():
    obj = SimpleNamespace(name="Hợp tác xã", name_en="Cooperative")
    with translation.override("en"):
        assert localized(obj) == "Cooperative"


def test_vietnamese_page_shows_the_vietnamese_name():
    obj = SimpleNamespace(name="Hợp tác xã", name_en="Cooperative")
    with translation.override("vi"):
        assert localized(obj) == "Hợp tác xã"


def test_english_page_falls_back_to_vietnamese_when_english_is_empty():
    obj = SimpleNamespace(name="Hợp tác xã", name_en="")
    with translation.override("en"):
        assert localized(obj) == "Hợp tác xã"


def test_other_fields_are_chosen_the_same_way():
    band = SimpleNamespace(label="Tốt", label_en="Good")
    with translation.override("en-us"):
        assert localized(band, "label") == "Good"
    with translation.override("vi"):
        assert localized(band, "label") == "Tốt"
