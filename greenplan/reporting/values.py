"""Reading, checking and deriving indicator values. Every entry path (page, API, Excel) uses it."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greenplan.orgs.models import Unit
from greenplan.reporting.models import Indicator, ValidationRule

MAX_VALUE = Decimal("1e14")
DECIMAL_PLACES = 4
# A value this many times above or below last period's (when that was at least MIN_BASE) is flagged.
JUMP_FACTOR = Decimal(3)
MIN_BASE = Decimal(10)

Values = dict[str, Decimal | None]


@dataclass
class Catalogue:
    """The active indicators that a unit reports, with the rules between them."""

    indicators: dict[str, Indicator]
    rules: list[ValidationRule] = field(default_factory=list)

    @property
    def entered(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if not i.derived]

    @property
    def derived(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.derived]


def catalogue_for(unit: Unit) -> Catalogue:
    indicators = [
        ind
        for ind in Indicator.objects.prefetch_related("reporting_kinds").select_related(
            "numerator", "denominator"
        )
        if ind.is_active
    ]
    applicable = {
        ind.code: ind
        for ind in indicators
        if not ind.reporting_kinds.all() or any(k.pk == unit.kind_id for k in ind.reporting_kinds.all())
    }
    rules = [
        rule
        for rule in ValidationRule.objects.filter(active=True).select_related("left", "right")
        if rule.left.code in applicable and rule.right.code in applicable
    ]
    return Catalogue(applicable, rules)


def parse_value(indicator: Indicator, raw: Any) -> Decimal | None:
    """One value as a Decimal, or None to clear it. Raises ValueError with a Vietnamese message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raw = int(raw)
    if isinstance(raw, str):
        # People type Vietnamese numbers: "1.234,5" — dots group thousands, the comma is decimal.
        text = raw.strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3
                                     and indicator.type == Indicator.Type.INTEGER):
            text = text.replace(".", "")
        raw = text
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise ValueError(_("Giá trị phải là một số.")) from None
    if not value.is_finite():
        raise ValueError(_("Giá trị phải là một số."))
    if value < 0:
        raise ValueError(_("Giá trị không được âm."))
    if value >= MAX_VALUE:
        raise ValueError(_("Giá trị quá lớn."))
    if indicator.type in (Indicator.Type.INTEGER, Indicator.Type.YESNO) and value != value.to_integral_value():
        raise ValueError(_("Chỉ tiêu này chỉ nhận số nguyên."))
    if indicator.type == Indicator.Type.YESNO and value not in (0, 1):
        raise ValueError(_("Chỉ tiêu có/không chỉ nhận 1 (có) hoặc 0 (không)."))
    if value < indicator.min_value:
        raise ValueError(_("Giá trị không được nhỏ hơn %(min)s.") % {"min": _fmt(indicator.min_value)})
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValueError(_("Giá trị không được lớn hơn %(max)s.") % {"max": _fmt(indicator.max_value)})
    if value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES), rounding=ROUND_HALF_UP):
        raise ValueError(_("Tối đa %(n)s chữ số thập phân.") % {"n": DECIMAL_PLACES})
    return value.normalize() if value == value.to_integral_value() else value


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def parse_values(catalogue: Catalogue, incoming: dict[str, Any]) -> tuple[Values, dict[str, str]]:
    """Parse the submitted values; unknown and derived codes are errors, never silently dropped."""
    parsed: Values = {}
    errors: dict[str, str] = {}
    for code, raw in incoming.items():
        indicator = catalogue.indicators.get(str(code).strip().upper())
        if indicator is None:
            known = Indicator.objects.filter(code=str(code).strip().upper()).first()
            errors[str(code)] = (
                _("Chỉ tiêu đã ngừng sử dụng hoặc không áp dụng cho đơn vị này.")
                if known
                else _("Không có chỉ tiêu với mã này.")
            )
            continue
        if indicator.derived:
            errors[indicator.code] = _("Chỉ tiêu này được tính tự động, không nhập trực tiếp.")
            continue
        try:
            parsed[indicator.code] = parse_value(indicator, raw)
        except ValueError as exc:
            errors[indicator.code] = str(exc)
    return parsed, errors


def compare(left: Decimal, operator: str, right: Decimal) -> bool:
    return {
        "<=": left <= right,
        "<": left < right,
        ">=": left >= right,
        ">": left > right,
        "==": left == right,
    }[operator]


def rule_message(rule: ValidationRule) -> str:
    if get_language() == "en" and rule.message_en:
        return rule.message_en
    return rule.message


def check_rules(catalogue: Catalogue, values: Values) -> tuple[dict[str, str], dict[str, str]]:
    """Errors and warnings of the rules between indicators, keyed by the rule's left indicator."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for rule in catalogue.rules:
        left, right = values.get(rule.left.code), values.get(rule.right.code)
        if left is None or right is None or compare(left, rule.operator, right):
            continue
        target = errors if rule.severity == ValidationRule.Severity.ERROR else warnings
        target.setdefault(rule.left.code, rule_message(rule))
    return errors, warnings


def missing_required(catalogue: Catalogue, values: Values) -> dict[str, str]:
    return {
        ind.code: _("Chưa nhập chỉ tiêu bắt buộc.")
        for ind in catalogue.entered
        if ind.required and values.get(ind.code) is None
    }


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def derive(catalogue: Catalogue, values: Values) -> Values:
    """Entered values plus every derived ratio computed from them."""
    result = dict(values)
    for ind in catalogue.derived:
        if ind.aggregation == Indicator.Aggregation.RATIO and ind.numerator and ind.denominator:
            result[ind.code] = ratio(values.get(ind.numerator.code), values.get(ind.denominator.code))
    return result


def jump_warnings(catalogue: Catalogue, values: Values, previous: Values) -> dict[str, str]:
    """Warn (never block) where a value is far from the unit's previous period."""
    warnings = {}
    for ind in catalogue.entered:
        new, old = values.get(ind.code), previous.get(ind.code)
        if new is None or old is None or ind.type == Indicator.Type.YESNO or old < MIN_BASE:
            continue
        if new > old * JUMP_FACTOR or new * JUMP_FACTOR < old:
            warnings[ind.code] = _("Giá trị khác nhiều so với kỳ trước (%(old)s), đề nghị kiểm tra lại.") % {
                "old": _fmt(old)
            }
    return warnings


def as_json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
