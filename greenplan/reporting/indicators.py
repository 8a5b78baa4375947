"""Changes to the indicator catalogue by province administrators."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import require_settings_editor
from greenplan.accounts.models import User
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib.text import clean_text, field_label
from greenplan.orgs.models import UnitKind
from greenplan.reporting import values as V
from greenplan.reporting.catalogue import rule_messages
from greenplan.reporting.models import Indicator, ValidationRule

RULE_MESSAGE_MAX = 300
INDICATOR_FIELDS = {
    "group", "plan_items", "name", "name_en", "unit", "type", "aggregation", "numerator", "denominator",
    "derived", "required", "min_value", "max_value", "order", "over_time",
}


# Free text of the catalogue, one line each: the column's length.
TEXTS = {"name": 300, "name_en": 300, "unit": 40, "plan_items": 100}


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Texts through the shared text rule; the bounds through the value rule (they are compared
    with report values, and stored in columns of the same kind)."""
    errors = {}
    clean = dict(fields)
    for name, limit in TEXTS.items():
        if name in clean:
            label = field_label(Indicator, name)
            try:
                clean[name] = clean_text(clean[name], field=label, max_length=limit)
            except ValueError as exc:
                errors[name] = str(exc)
    for name in ("min_value", "max_value"):
        if clean.get(name) is not None:
            try:
                clean[name] = V.parse_number(clean[name])
            except ValueError as exc:
                errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean



def _check_shape(indicator: Indicator) -> None:
    errors = {}
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        if not (indicator.numerator and indicator.denominator):
            errors["numerator"] = _("Chỉ tiêu tỷ lệ cần chỉ rõ tử số và mẫu số.")
        elif indicator.numerator.pk == indicator.denominator.pk:
            errors["denominator"] = _("Tử số và mẫu số phải là hai chỉ tiêu khác nhau.")
        elif indicator.numerator.derived or indicator.denominator.derived:
            errors["numerator"] = _("Tử số và mẫu số phải là chỉ tiêu được nhập, không phải chỉ tiêu tính toán.")
        indicator.derived = True
        indicator.required = False
    elif indicator.derived:
        errors["derived"] = _("Chỉ chỉ tiêu tỷ lệ mới được tính tự động.")
    if indicator.type == Indicator.Type.YESNO and indicator.aggregation != Indicator.Aggregation.YES_COUNT:
        errors["aggregation"] = _("Chỉ tiêu có/không được tổng hợp bằng số đơn vị trả lời có.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(*, actor: User, code: str, kinds: list[UnitKind] | None = None, **fields: Any) -> Indicator:
    require_settings_editor(actor)
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    indicator = Indicator(code=code.strip().upper(), **_clean_fields(fields))
    if indicator.type == Indicator.Type.YESNO and indicator.max_value is None:
        indicator.max_value = 1
    _check_shape(indicator)
    indicator.full_clean()
    indicator.save()
    if kinds:
        indicator.reporting_kinds.set(kinds)
    log_action(actor=actor, action="indicator.created", obj=indicator,
               data={"changes": changes({}, snapshot(indicator))})
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: User, indicator: Indicator, kinds: list[UnitKind] | None = None, **fields: Any
) -> Indicator:
    """Edit an indicator. Its code, type and formula stay: reported values depend on them."""
    require_settings_editor(actor)
    before = snapshot(indicator)
    frozen = {"type", "aggregation", "numerator", "denominator", "derived"} & set(fields)
    if frozen and indicator.values.exists():
        changed = [f for f in frozen if getattr(indicator, f) != fields[f]]
        if changed:
            raise ValidationError(
                {changed[0]: _("Chỉ tiêu đã có số liệu báo cáo: không đổi được kiểu hay công thức. "
                               "Hãy ngừng sử dụng chỉ tiêu này và tạo chỉ tiêu mới.")}
            )
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    for name, value in _clean_fields(fields).items():
        setattr(indicator, name, value)
    _check_shape(indicator)
    indicator.full_clean()
    indicator.save()
    if kinds is not None:
        indicator.reporting_kinds.set(kinds)
    log_action(actor=actor, action="indicator.changed", obj=indicator,
               data={"changes": changes(before, snapshot(indicator))})
    return indicator


@transaction.atomic
def indicator_retire(*, actor: User, indicator: Indicator, on: datetime.date | None = None) -> Indicator:
    """Stop asking for an indicator; values already reported stay in history."""
    require_settings_editor(actor)
    before = snapshot(indicator, ["retired_at"])
    indicator.retired_at = on or timezone.localdate()
    indicator.save(update_fields=["retired_at"])
    log_action(actor=actor, action="indicator.retired", obj=indicator,
               data={"changes": changes(before, snapshot(indicator, ["retired_at"]))})
    return indicator


@transaction.atomic
def indicator_restore(*, actor: User, indicator: Indicator) -> Indicator:
    require_settings_editor(actor)
    before = snapshot(indicator, ["retired_at"])
    indicator.retired_at = None
    indicator.save(update_fields=["retired_at"])
    log_action(actor=actor, action="indicator.restored", obj=indicator,
               data={"changes": changes(before, snapshot(indicator, ["retired_at"]))})
    return indicator


@transaction.atomic
def rule_create(
    *, actor: User, left: Indicator, operator: str, right: Indicator, severity: str = "error",
    message: str = "", message_en: str = "",
) -> ValidationRule:
    require_settings_editor(actor)
    default_vi, default_en = rule_messages(left, operator, right)
    texts, errors = {}, {}
    for name, value in (("message", message), ("message_en", message_en)):
        label = field_label(ValidationRule, name)
        try:
            texts[name] = clean_text(value, field=label, max_length=RULE_MESSAGE_MAX)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    rule = ValidationRule(
        left=left, operator=operator, right=right, severity=severity,
        message=texts["message"] or default_vi, message_en=texts["message_en"] or default_en,
    )
    rule.full_clean()
    rule.save()
    log_action(actor=actor, action="rule.created", obj=rule, data={"changes": changes({}, snapshot(rule))})
    return rule


@transaction.atomic
def rule_set_active(*, actor: User, rule: ValidationRule, active: bool) -> ValidationRule:
    require_settings_editor(actor)
    before = snapshot(rule, ["active"])
    rule.active = active
    rule.save(update_fields=["active"])
    log_action(actor=actor, action="rule.changed", obj=rule,
               data={"changes": changes(before, snapshot(rule, ["active"]))})
    return rule
