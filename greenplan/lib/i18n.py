"""Texts stored in two languages: Vietnamese in `name`, English (optional) in `name_en`."""

from django.utils.translation import get_language, pgettext


def english_active() -> bool:
    """True when the active language is English ("en", "en-us"…)."""
    return (get_language() or "").startswith("en")


def localized(obj: object, field: str = "name") -> str:
    """The object's `<field>_en` when the page is in English and it is not empty, else its
    Vietnamese `<field>`. An object without the field shows as text."""
    if english_active():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, field, obj))


def measure(unit: str) -> str:
    """An indicator's unit of measure ("người", "triệu đồng") in the page's language. The
    catalogue's units are translated under the context "unit of measure" (their msgids are listed in
    greenplan/reporting/measures.py); a unit an admin typed that has no translation stays as typed."""
    return pgettext("unit of measure", unit) if unit else ""
