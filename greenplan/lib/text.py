"""Text helpers: Vietnamese search, and the one rule for free text that services store."""

import unicodedata

from django.db.models import Field, Model
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, so "hai phong" matches "Hải Phòng".

    "đ" is a separate letter in Unicode, not "d" with a mark, so it needs its own mapping.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# Characters a person can type into one line, or into a long text (tab and line breaks too).
# Other control characters (NUL, escape, backspace…) come only from broken clients or pasted
# binary: refused rather than stripped, so what is stored is what was sent. One-line fields
# refuse tabs and line breaks too, since a name or a title is shown and exported on one line.
_MULTILINE_ALLOWED = frozenset("\t\n\r")


def _bad_character(value: str, multiline: bool) -> str | None:
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return "surrogate"
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _MULTILINE_ALLOWED):
            return "control"
    return None


def clean_text(value: object, *, field: str, max_length: int, multiline: bool = False) -> str:
    """The text as it will be stored (stripped), or ValueError with a Vietnamese message naming
    `field` (its translated label). Every service that writes free text calls it.

    None reads as empty. Lone surrogates ("\\ud800", which no database can store) and control
    characters other than tab and line breaks (those only in multi-line fields) are refused.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(_("%(field)s phải là văn bản.") % {"field": field})
    bad = _bad_character(value, multiline)
    if bad == "surrogate":
        raise ValueError(_("%(field)s chứa ký tự không hợp lệ (mã hóa hỏng); hãy gõ lại.") % {"field": field})
    if bad == "control":
        raise ValueError(
            _("%(field)s chứa ký tự điều khiển không được phép; hãy xóa và gõ lại.") % {"field": field}
            if multiline
            else _("%(field)s chỉ được viết trên một dòng, không chứa ký tự tab hay ký tự điều khiển.")
            % {"field": field}
        )
    value = value.strip()
    if len(value) > max_length:
        raise ValueError(
            _("%(field)s quá dài: tối đa %(max)s ký tự (hiện có %(n)s).")
            % {"field": field, "max": number_format(max_length, force_grouping=True),
               "n": number_format(len(value), force_grouping=True)}
        )
    return value


def _limit_help(max_length: int) -> str:
    return _("Tối đa %(max)s ký tự.") % {"max": number_format(max_length, force_grouping=True)}


# The help text of a long text box: its limit, shown rather than enforced by maxlength, which
# would silently cut a paste. Lazy, so a form class can declare it in the active language.
limit_help = lazy(_limit_help, str)


def field_label(model: type[Model], name: str) -> str:
    """A model field's verbose name as a message starts it ("Tên tiếng Anh", not "Tên tiếng anh")."""
    field = model._meta.get_field(name)
    label = str(field.verbose_name if isinstance(field, Field) else name)  # a reverse relation has no label
    return label[:1].upper() + label[1:]
