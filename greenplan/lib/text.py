"""Text helpers for Vietnamese search."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, so "hai phong" matches "Hải Phòng".

    "đ" is a separate letter in Unicode, not "d" with a mark, so it needs its own mapping.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
