"""The province changes a movement's yearly scoring sheet: groups of criteria with their maximum
points and the evidence they ask for, the conditions, the award levels and their thresholds.

The sheet is replaced whole, in one transaction, and only while nobody depends on it: once a
unit has self-scored (a point or a condition answered) or a proposal cites one of its award
levels, the scores would no longer add up against the sheet they were given, so the change is
refused with a message; units merely registered get their empty score rows rebuilt.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.accounts.access import deny_unless, may_edit_emulation_sheet
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.emulation.models import (
    AwardLevel,
    Condition,
    ConditionAnswer,
    Criterion,
    CriterionGroup,
    Entry,
    Proposal,
    Score,
    Sheet,
)
from greenplan.lib.text import clean_text

MAX_POINTS = Decimal("1000")
CODE_MAX = 10
CONDITION_CODE_MAX = 20
AWARD_CODE_MAX = 40
APPLIES = {choice.value for choice in AwardLevel.AppliesTo}


@dataclass
class SheetContent:
    """A sheet as plain data, as the editor shows it and `sheet_save` takes it."""

    groups: list[dict[str, str]] = field(default_factory=list)  # code, title
    criteria: list[dict[str, str]] = field(default_factory=list)  # group, code, title, max_points, evidence
    conditions: list[dict[str, str]] = field(default_factory=list)  # code, text
    awards: list[dict[str, str]] = field(default_factory=list)  # code, name, min_score, applies_to, conditions


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def sheet_content(sheet: Sheet) -> SheetContent:
    content = SheetContent()
    for group in sheet.groups.prefetch_related("criteria").order_by("order", "id"):
        content.groups.append({"code": group.code, "title": group.title})
        for c in group.criteria.all():
            content.criteria.append({"group": group.code, "code": c.code, "title": c.title,
                                     "max_points": _points(c.max_points), "evidence": c.evidence})
    content.conditions = [{"code": c.code, "text": c.text} for c in sheet.conditions.order_by("order", "id")]
    for a in sheet.awards.prefetch_related("conditions").order_by("-min_score", "order"):
        content.awards.append({"code": a.code, "name": a.name, "min_score": _points(a.min_score),
                               "applies_to": a.applies_to,
                               "conditions": ", ".join(c.code for c in a.conditions.order_by("order"))})
    return content


def sheet_frozen_reason(sheet: Sheet) -> str:
    """Why the sheet cannot change any more ("" while it can)."""
    scored = (Score.objects.filter(entry__sheet=sheet, self_points__isnull=False).exists()
              or ConditionAnswer.objects.filter(entry__sheet=sheet, self_met__isnull=False).exists())
    if scored:
        return _("Đã có đơn vị tự chấm điểm theo bảng năm %(year)s nên không sửa được bảng chấm điểm; "
                 "hãy lập bảng chấm điểm cho năm sau.") % {"year": sheet.year}
    if Proposal.objects.filter(award__sheet=sheet).exists():
        return _("Đã có đề nghị khen thưởng theo bảng năm %(year)s nên không sửa được bảng chấm điểm.") % {
            "year": sheet.year}
    return ""


def _text(row: Mapping[str, Any], key: str, label: str, limit: int, errors: dict[str, str], where: str) -> str:
    try:
        value = clean_text(row.get(key, ""), field=label, max_length=limit)
    except ValueError as exc:
        errors[f"{where}-{key}"] = str(exc)
        return ""
    if not value:
        errors[f"{where}-{key}"] = _("Cần nhập %(label)s.") % {"label": label.lower()}
    return value


def _number(raw: Any, label: str, errors: dict[str, str], key: str) -> Decimal | None:
    text = str(raw or "").strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        errors[key] = _("%(label)s phải là một số, ví dụ 10 hoặc 7,5.") % {"label": label}
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        errors[key] = _("%(label)s có tối đa hai chữ số thập phân.") % {"label": label}
        return None
    return value


def _coded_rows(rows: list[dict[str, str]], section: str, errors: dict[str, str], *, code: tuple[str, int],
                text: tuple[str, str, int], duplicate: str) -> set[str]:
    """Check rows made of a code and one text (the groups, the conditions): both given and within
    their limits — code (label, max length), text (key, label, max length) — and each code once.
    Returns the codes, which the rows below refer to."""
    codes: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{section}-{i}"
        value = _text(row, "code", code[0], code[1], errors, where)
        _text(row, text[0], text[1], text[2], errors, where)
        if value in codes:
            errors[f"{where}-code"] = duplicate % {"code": value}
        codes.add(value)
    return codes


def _check(content: SheetContent) -> tuple[dict[str, str], Decimal]:
    """Every problem of `content`, keyed `<section>-<row>-<field>`, and the sheet's total."""
    errors: dict[str, str] = {}
    groups = _coded_rows(content.groups, "group", errors, code=(_("Mã nhóm"), CODE_MAX),
                         text=("title", _("Tên nhóm tiêu chí"), 300), duplicate=_("Mã nhóm %(code)s bị trùng."))
    total = Decimal(0)
    codes: set[str] = set()
    used_groups: set[str] = set()
    for i, row in enumerate(content.criteria):
        where = f"criterion-{i}"
        code = _text(row, "code", _("Mã tiêu chí"), CODE_MAX, errors, where)
        _text(row, "title", _("Tiêu chí"), 500, errors, where)
        try:
            clean_text(row.get("evidence", ""), field=_("Minh chứng"), max_length=500)
        except ValueError as exc:
            errors[f"{where}-evidence"] = str(exc)
        if code in codes:
            errors[f"{where}-code"] = _("Mã tiêu chí %(code)s bị trùng.") % {"code": code}
        codes.add(code)
        group = str(row.get("group", "")).strip()
        if group not in groups:
            errors[f"{where}-group"] = _("Tiêu chí %(code)s phải thuộc một nhóm đã khai báo.") % {"code": code}
        used_groups.add(group)
        value = _number(row.get("max_points"), _("Điểm tối đa"), errors, f"{where}-max_points")
        if value is not None and not Decimal(0) < value <= MAX_POINTS:
            errors[f"{where}-max_points"] = _("Điểm tối đa của tiêu chí %(code)s phải lớn hơn 0 và không quá "
                                              "%(max)s.") % {"code": code, "max": _points(MAX_POINTS)}
        elif value is not None:
            total += value
    if not content.criteria:
        errors["__all__"] = _("Bảng chấm điểm cần ít nhất một tiêu chí.")
    for i, row in enumerate(content.groups):
        code = str(row.get("code", "")).strip()
        if code and code not in used_groups and f"group-{i}-code" not in errors:
            errors[f"group-{i}-code"] = _("Nhóm %(code)s chưa có tiêu chí nào.") % {"code": code}
    conditions = _coded_rows(content.conditions, "condition", errors, code=(_("Mã điều kiện"), CONDITION_CODE_MAX),
                             text=("text", _("Điều kiện"), 500), duplicate=_("Mã điều kiện %(code)s bị trùng."))
    awards: set[str] = set()
    for i, row in enumerate(content.awards):
        where = f"award-{i}"
        code = _text(row, "code", _("Mã hình thức"), AWARD_CODE_MAX, errors, where)
        _text(row, "name", _("Hình thức khen thưởng"), 300, errors, where)
        if code in awards:
            errors[f"{where}-code"] = _("Mã hình thức %(code)s bị trùng.") % {"code": code}
        awards.add(code)
        value = _number(row.get("min_score"), _("Điểm tối thiểu"), errors, f"{where}-min_score")
        if value is not None and not Decimal(0) < value <= total:
            errors[f"{where}-min_score"] = _("Ngưỡng điểm của %(name)s phải lớn hơn 0 và không vượt tổng điểm "
                                             "của bảng (%(total)s).") % {"name": row.get("name") or code,
                                                                         "total": _points(total)}
        if row.get("applies_to") not in APPLIES:
            errors[f"{where}-applies_to"] = _("Hãy chọn cấp công đoàn được xét.")
        unknown = set(_codes(row.get("conditions", ""))) - conditions
        if unknown:
            errors[f"{where}-conditions"] = _("Không có điều kiện %(codes)s trong bảng.") % {
                "codes": ", ".join(sorted(unknown))}
    return errors, total


def _codes(raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace(";", ",").split(",")
    return [str(c).strip() for c in raw or [] if str(c).strip()]


def _summary(content: SheetContent) -> dict[str, str]:
    """One line per element, keyed by what it is: the audit entry compares two of these."""
    out = {f"nhóm {g['code']}": g["title"] for g in content.groups}
    out |= {f"tiêu chí {c['code']}": f"{c['title']} ({c['max_points']} điểm; {c['group']})" for c in content.criteria}
    out |= {f"điều kiện {c['code']}": c["text"] for c in content.conditions}
    out |= {f"khen thưởng {a['code']}": f"{a['name']} ≥ {a['min_score']} ({a['applies_to']}; {a['conditions']})"
            for a in content.awards}
    return out


@transaction.atomic
def sheet_save(*, actor: User, sheet: Sheet, content: SheetContent) -> Sheet:
    """Replace the sheet's groups, criteria, conditions and award levels with `content`."""
    deny_unless(may_edit_emulation_sheet(actor))
    sheet = Sheet.objects.select_for_update().select_related("movement").get(pk=sheet.pk)
    frozen = sheet_frozen_reason(sheet)
    if frozen:
        raise ValidationError(frozen)
    content = SheetContent(*[[{k: str(v).strip() if isinstance(v, str) else v for k, v in row.items()}
                              for row in rows]
                             for rows in (content.groups, content.criteria, content.conditions, content.awards)])
    errors, total = _check(content)
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    before = _summary(sheet_content(sheet))
    CriterionGroup.objects.filter(sheet=sheet).delete()  # criteria and the empty score rows go with them
    Condition.objects.filter(sheet=sheet).delete()
    AwardLevel.objects.filter(sheet=sheet).delete()
    groups = {}
    for order, g in enumerate(content.groups):
        groups[g["code"]] = CriterionGroup.objects.create(sheet=sheet, code=g["code"], title=g["title"], order=order)
    criteria = [Criterion(group=groups[c["group"]], code=c["code"], title=c["title"], evidence=c.get("evidence", ""),
                          max_points=_number(c["max_points"], "", {}, "") or Decimal(0), order=order)
                for order, c in enumerate(content.criteria)]
    Criterion.objects.bulk_create(criteria)
    conditions = {c["code"]: Condition.objects.create(sheet=sheet, code=c["code"], text=c["text"], order=order)
                  for order, c in enumerate(content.conditions)}
    for order, a in enumerate(content.awards):
        award = AwardLevel.objects.create(sheet=sheet, code=a["code"], name=a["name"], applies_to=a["applies_to"],
                                          min_score=_number(a["min_score"], "", {}, "") or Decimal(0), order=order)
        award.conditions.set([conditions[code] for code in _codes(a.get("conditions", ""))])
    entries = list(Entry.objects.filter(sheet=sheet))
    Score.objects.bulk_create([Score(entry=e, criterion=c) for e in entries for c in criteria])
    ConditionAnswer.objects.bulk_create([ConditionAnswer(entry=e, condition=c) for e in entries
                                         for c in conditions.values()])
    after = _summary(content)
    changes = [{"field": key, "old": before.get(key), "new": after.get(key)}
               for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)]
    log_action(actor=actor, action="emulation.sheet_changed", obj=sheet, data={
        "movement": sheet.movement.code, "year": sheet.year, "total": f"{total:f}", "changes": changes})
    return sheet


def content_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Drop the editor's blank rows (every field empty but the level's select, which always has one)."""
    return [dict(row) for row in rows if any(str(v).strip() for k, v in row.items() if k != "applies_to")]
