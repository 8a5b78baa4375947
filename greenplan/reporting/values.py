"""Reading, checking and deriving indicator values. Every entry path (page, API, Excel) uses it."""

import datetime
import math
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext as _

from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.reporting.models import CatalogueVersion, Indicator, ValidationRule

# A value this many times above or below last period's (when that was at least MIN_BASE) is flagged.
JUMP_FACTOR = Decimal(3)
MIN_BASE = Decimal(10)

Values = dict[str, Decimal | None]


@dataclass(frozen=True)
class Catalogue:
    """The active indicators that a unit reports, with the rules between them.

    Shared by every request of the process (see `catalogue_for`): read it, never change it.
    """

    indicators: Mapping[str, Indicator]
    rules: tuple[ValidationRule, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", MappingProxyType(dict(self.indicators)))
        object.__setattr__(self, "rules", tuple(self.rules))

    @cached_property
    def entered(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators.values() if not i.derived)

    @cached_property
    def derived(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators.values() if i.derived)


# Set by `catalogues_cached`: the catalogue of each kind of unit, read once within the block.
_CACHED: ContextVar[dict[int, Catalogue] | None] = ContextVar("greenplan_catalogues", default=None)

# The catalogues this process has read, by kind of unit, and the state they were read in: the
# catalogue's version token and the day (a retirement date takes effect at midnight, unwritten).
_SHARED: tuple[tuple[uuid.UUID, datetime.date] | None, dict[int, Catalogue]] = (None, {})


@contextmanager
def catalogues_cached() -> Iterator[None]:
    """Within the block, `catalogue_for` reads the catalogue once per kind of unit: for bulk work
    (an Excel import of a thousand reports in one job) and for a request, which would otherwise
    ask for the catalogue's version each time. A change to the catalogue made meanwhile is seen
    after the block."""
    token = _CACHED.set({})
    try:
        yield
    finally:
        _CACHED.reset(token)


def catalogue_for(unit: Unit) -> Catalogue:
    cache = _CACHED.get()
    if cache is not None:
        if unit.kind_id not in cache:
            cache[unit.kind_id] = _shared_catalogue(unit)
        return cache[unit.kind_id]
    return _shared_catalogue(unit)


def _shared_catalogue(unit: Unit) -> Catalogue:
    """The unit's catalogue as this process last read it, when the catalogue is still in that state
    (one small query); else read again. Every process finds out so about an administrator's change."""
    global _SHARED
    # The token before the catalogue: a change committed between the two reads is then kept
    # under the old token and read again next time, never kept under the new one while stale.
    token = CatalogueVersion.current()
    if token is None:  # no version row (a flushed test database): nothing names the state
        return _catalogue_for(unit)
    state = (token, datetime.date.today())
    read_in, catalogues = _SHARED
    if read_in != state:
        catalogues = {}
        _SHARED = (state, catalogues)
    if unit.kind_id not in catalogues:
        catalogues[unit.kind_id] = _catalogue_for(unit)
    return catalogues[unit.kind_id]


def _catalogue_for(unit: Unit) -> Catalogue:
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
    return Catalogue(applicable, tuple(rules))


# What a report value may be, bounded by what ReportValue.value holds exactly on both databases:
# numeric(18, 4) on PostgreSQL; on SQLite a number with a fraction is a REAL, exact to 15
# significant digits only (more digits read back rounded, and 16+ digits before the point break
# Django's decimal converter, which then fails every read of the report).
MAX_VALUE = Decimal("1e14")
DECIMAL_PLACES = 4
SIGNIFICANT_DIGITS = 15

# Typed text: ASCII digits only (Python's Decimal() also takes Arabic-Indic, full-width and other
# digits, underscores and exponents, none of which a person types into a report). Vietnamese
# typing groups thousands with dots and writes the decimal comma: "1.234,5", "1234,5".
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?", re.ASCII)
_COMMA = re.compile(r"-?[0-9]+,[0-9]+", re.ASCII)
_POINT = re.compile(r"-?[0-9]+\.[0-9]+", re.ASCII)
# A space (or a no-break space, as a spreadsheet copies it) only between groups of three digits:
# "1 234 567,5" is one number, "12 34" is two and is refused rather than read as 1234.
_SPACED = re.compile(r"-?[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?", re.ASCII)
_SPACES = str.maketrans("\u00a0\u202f", "  ")
# Every form above, as one pattern for the API document (negative numbers are refused anyway).
TYPED_NUMBER_PATTERN = (
    r"^\s*([0-9]+|[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|[0-9]{1,3}( [0-9]{3})+(,[0-9]+)?|[0-9]+[.,][0-9]+)?\s*$"
)


def _from_text(raw: str, integer: bool) -> Decimal:
    text = raw.translate(_SPACES).strip()
    if " " in text:
        if not _SPACED.fullmatch(text):
            raise ValueError(_("Giá trị phải là một số."))
        text = text.replace(" ", "")
    if _INTEGER.fullmatch(text):
        return Decimal(text)
    if _GROUPED.fullmatch(text) and ("," in text or text.count(".") > 1 or integer):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _POINT.fullmatch(text):
        return Decimal(text)
    raise ValueError(_("Giá trị phải là một số."))


def _as_decimal(raw: Any, *, integer: bool, yesno: bool) -> Decimal:
    if isinstance(raw, bool):  # before int: True is an int in Python
        if not yesno:
            raise ValueError(_("Chỉ tiêu này nhận một số, không nhận true/false."))
        return Decimal(int(raw))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # repr() is the shortest text that reads back as the same float: what the client wrote.
        return Decimal(repr(raw)) if math.isfinite(raw) else Decimal("NaN")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, str):
        return _from_text(raw, integer)
    raise ValueError(_("Giá trị phải là một số."))


def check_storable(value: Decimal) -> None:
    """Refuse what the column cannot hold exactly: never round silently."""
    if value >= MAX_VALUE:
        raise ValueError(_("Giá trị quá lớn (phải nhỏ hơn %(max)s).") % {"max": _grouped(MAX_VALUE)})
    places = _decimal_places(value)
    if places > DECIMAL_PLACES:
        raise ValueError(_("Tối đa %(n)s chữ số thập phân.") % {"n": DECIMAL_PLACES})
    whole = len(str(int(value))) if value >= 1 else 0
    if places and whole + places > SIGNIFICANT_DIGITS:
        raise ValueError(
            _("Số có %(whole)s chữ số phần nguyên chỉ được có tối đa %(n)s chữ số thập phân "
              "(tổng cộng tối đa %(total)s chữ số).")
            % {"whole": whole, "n": SIGNIFICANT_DIGITS - whole, "total": SIGNIFICANT_DIGITS}
        )


def parse_number(raw: Any, *, integer: bool = False, yesno: bool = False) -> Decimal:
    """A number ≥ 0 as typed or sent, that the value columns hold exactly; else ValueError.

    `integer`: "1.234" reads as one thousand two hundred thirty-four (else as 1.234).
    """
    value = _as_decimal(raw, integer=integer, yesno=yesno)
    if not value.is_finite():
        raise ValueError(_("Giá trị phải là một số."))
    if value < 0:
        raise ValueError(_("Giá trị không được âm."))
    check_storable(value)
    return value


def is_negative(raw: Any) -> bool:
    """Whether `raw` was a number below zero (to word a refusal)."""
    try:
        return _as_decimal(raw, integer=False, yesno=False) < 0
    except (ValueError, ArithmeticError):
        return False


def parse_value(indicator: Indicator, raw: Any) -> Decimal | None:
    """One value as a Decimal, or None to clear it. Raises ValueError with a Vietnamese message.

    Takes what the page posts (text) and what the API sends (int, Decimal, float, bool, None).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = parse_number(raw, integer=indicator.type == Indicator.Type.INTEGER,
                         yesno=indicator.type == Indicator.Type.YESNO)
    if indicator.type in (Indicator.Type.INTEGER, Indicator.Type.YESNO) and value != value.to_integral_value():
        raise ValueError(_("Chỉ tiêu này chỉ nhận số nguyên."))
    if indicator.type == Indicator.Type.YESNO and value not in (0, 1):
        raise ValueError(_("Chỉ tiêu có/không chỉ nhận 1 (có) hoặc 0 (không)."))
    if value < indicator.min_value:
        raise ValueError(_("Giá trị không được nhỏ hơn %(min)s.") % {"min": _fmt(indicator.min_value)})
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValueError(_("Giá trị không được lớn hơn %(max)s.") % {"max": _fmt(indicator.max_value)})
    return value.normalize() if value == value.to_integral_value() else value


def _decimal_places(value: Decimal) -> int:
    """Digits after the point, trailing zeros aside; exact (normalize() would round past 28 digits)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    places = max(-exponent, 0)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(places - trailing, 0) if any(digits) else 0


def _grouped(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def parse_values(catalogue: Catalogue, incoming: dict[str, Any]) -> tuple[Values, dict[str, str]]:
    """Parse the submitted values; unknown and derived codes are errors, never silently dropped."""
    parsed: Values = {}
    errors: dict[str, str] = {}
    for code, raw in incoming.items():
        indicator = catalogue.indicators.get(code) if isinstance(code, str) else None
        if indicator is None:
            errors[str(code)] = _unknown_code(str(code))
            continue
        if indicator.derived:
            errors[indicator.code] = _("Chỉ tiêu này được tính tự động, không nhập trực tiếp.")
            continue
        try:
            parsed[indicator.code] = parse_value(indicator, raw)
        except ValueError as exc:
            errors[indicator.code] = str(exc)
    return parsed, errors


def _unknown_code(code: str) -> str:
    """Why a key is not a code of this unit's catalogue; a near miss names the right spelling."""
    exact = Indicator.objects.filter(code=code).first()
    if exact is not None:
        return _("Chỉ tiêu đã ngừng sử dụng hoặc không áp dụng cho đơn vị này.")
    near = Indicator.objects.filter(code=code.strip().upper()).first() if code.isascii() else None
    if near is not None:
        return _("Mã chỉ tiêu phải viết đúng như danh mục: %(code)s.") % {"code": near.code}
    return _("Không có chỉ tiêu với mã này.")


def compare(left: Decimal, operator: str, right: Decimal) -> bool:
    return {
        "<=": left <= right,
        "<": left < right,
        ">=": left >= right,
        ">": left > right,
        "==": left == right,
    }[operator]


def rule_message(rule: ValidationRule) -> str:
    return localized(rule, "message")


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
