"""Period labels: what a reader sees for a period code ("2026H1", "2026")."""

import re

from django.utils.translation import gettext as _

_CODE_RE = re.compile(r"^(?P<year>\d{4})(?:[Hh](?P<half>[12]))?$")


def period_label(code: str) -> str:
    """"6 tháng đầu năm 2026" / "First half of 2026" for "2026H1", "Năm 2026" / "Year 2026" for
    "2026", in the active language. Another text comes back as it is."""
    match = _CODE_RE.match(code.strip())
    if not match:
        return code
    year, half = match["year"], match["half"]
    if half == "1":
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if half == "2":
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("Năm %(year)s") % {"year": year}
