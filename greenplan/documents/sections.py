"""The drafted sections of a compiled report as the edit form shows them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from greenplan.documents.report import SECTION_KEYS, ReportData
from greenplan.reporting.groups import group_heading

LABELS = {
    "summary": _("I. Tình hình chung"),
    "difficulties": _("III. Khó khăn, vướng mắc"),
    "proposals": _("IV. Kiến nghị, đề xuất"),
    "next_tasks": _("V. Nhiệm vụ 6 tháng tiếp theo"),
}


@dataclass
class SectionRow:
    key: str
    label: str
    text: str
    edited: bool
    error: str = ""


def section_rows(data: ReportData, typed: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None) -> list[SectionRow]:
    typed, errors = typed or {}, errors or {}
    rows = []
    for key in SECTION_KEYS:
        label = str(LABELS[key]) if key in LABELS else f"II. {group_heading(int(key.split('_')[1]))}"
        rows.append(SectionRow(key, label, typed.get(key, data.sections[key]), key in data.edited, errors.get(key, "")))
    return rows
