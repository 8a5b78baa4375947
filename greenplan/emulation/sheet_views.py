"""The page where the province edits a movement's yearly scoring sheet (greenplan.emulation.sheet_editor)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenplan.accounts.access import may_edit_emulation_sheet
from greenplan.accounts.http import SignedInRequest
from greenplan.emulation import selectors as sel
from greenplan.emulation.models import AwardLevel
from greenplan.emulation.sheet_editor import (
    SheetContent,
    content_from_rows,
    sheet_content,
    sheet_frozen_reason,
    sheet_save,
)

BLANK_ROWS = 3
SECTIONS: dict[str, tuple[str, ...]] = {
    "group": ("code", "title"),
    "criterion": ("group", "code", "title", "max_points", "evidence"),
    "condition": ("code", "text"),
    "award": ("code", "name", "min_score", "applies_to", "conditions"),
}
ATTRIBUTES = {"group": "groups", "criterion": "criteria", "condition": "conditions", "award": "awards"}


def _posted(post: QueryDict) -> SheetContent:
    content = SheetContent()
    for section, fields in SECTIONS.items():
        indices = sorted({int(key.split("-")[1]) for key in post
                          if key.startswith(f"{section}-") and key.split("-")[1].isdigit()})
        rows = [{f: post.get(f"{section}-{i}-{f}", "") for f in fields} for i in indices]
        setattr(content, ATTRIBUTES[section], content_from_rows(rows))
    return content


def _labels() -> dict[str, str]:
    return {"code": _("Mã"), "title": _("Tên"), "group": _("Mã nhóm"), "max_points": _("Điểm tối đa"),
            "evidence": _("Minh chứng cần có"), "text": _("Điều kiện"), "name": _("Hình thức khen thưởng"),
            "min_score": _("Điểm tối thiểu"), "applies_to": _("Áp dụng cho"), "conditions": _("Điều kiện cần")}


def _grid(content: SheetContent, errors: dict[str, str]) -> dict[str, list[list[dict[str, Any]]]]:
    """Each section's rows (then a few blank ones) as cells: field, label, input name, value, error."""
    labels = _labels()
    grid = {}
    for section, fields in SECTIONS.items():
        rows = list(getattr(content, ATTRIBUTES[section]))
        rows += [{"applies_to": AwardLevel.AppliesTo.ALL.value} if section == "award" else {}] * BLANK_ROWS
        grid[section] = [[{"field": f, "label": f"{labels[f]} {i + 1}", "name": f"{section}-{i}-{f}",
                           "value": row.get(f, ""), "error": errors.get(f"{section}-{i}-{f}", "")} for f in fields]
                         for i, row in enumerate(rows)]
    return grid


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(request: SignedInRequest, movement: str, year: int) -> HttpResponse:
    sheet = sel.sheet_of(movement, year)
    if not may_edit_emulation_sheet(request.user):
        raise PermissionDenied
    content, errors, status = sheet_content(sheet), {}, 200
    if request.method == "POST":
        content = _posted(request.POST)
        try:
            sheet_save(actor=request.user, sheet=sheet, content=content)
        except ValidationError as exc:
            errors = {key: " ".join(m) for key, m in exc.message_dict.items()} if hasattr(exc, "error_dict") \
                else {"__all__": " ".join(exc.messages)}
            status = 422
        else:
            messages.success(request, _("Đã lưu bảng chấm điểm năm %(year)s.") % {"year": sheet.year})
            return redirect("emulation:sheet", sheet.movement.code, sheet.year)
    return render(request, "emulation/sheet_edit.html", {
        "sheet": sheet, "grid": _grid(content, errors), "errors": errors, "general": errors.get("__all__", ""),
        "frozen": sheet_frozen_reason(sheet), "applies": AwardLevel.AppliesTo.choices,
    }, status=status)
