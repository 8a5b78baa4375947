"""Sentences drafted from the figures by fixed rules (no outside service): a figure, its change
from the previous period and its progress to the plan's target.

"Tỷ lệ mua sắm xanh đạt 38,17 %, vượt mục tiêu 35 %, tăng 3,17 điểm phần trăm so với kỳ trước."
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from greenplan.documents.layout import vn_number
from greenplan.reporting.models import Indicator

PERCENT_UNITS = ("%",)


@dataclass
class Figure:
    """One indicator as a document prints it."""

    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None = None
    share: Decimal | None = None  # yes/no over a subtree: share of reporting units answering yes
    target_operator: str | None = None  # ">=", "<=", "="
    target: Decimal | None = None


def with_unit(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    if not unit or unit == "có/không":
        return vn_number(value)
    return f"{vn_number(value)} {unit}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def change_phrase(figure: Figure) -> str:
    """", tăng 2 buổi (18,2 %) so với kỳ trước" — or nothing when there is no earlier figure."""
    new, old = figure.value, figure.previous
    if new is None or old is None or figure.indicator.type == Indicator.Type.YESNO:
        return ""
    unit = figure.indicator.unit
    diff = new - old
    if diff == 0:
        return ", không thay đổi so với kỳ trước"
    word = "tăng" if diff > 0 else "giảm"
    if unit in PERCENT_UNITS:
        return f", {word} {vn_number(abs(diff))} điểm phần trăm so với kỳ trước"
    text = f", {word} {with_unit(abs(diff), unit)}"
    if old > 0:
        pct = (abs(diff) * 100 / old).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text += f" ({vn_number(pct)} %)"
    return text + " so với kỳ trước"


def target_phrase(figure: Figure) -> str:
    """", vượt mục tiêu 35 %" / ", đạt mục tiêu" / ", chưa đạt mục tiêu 35 % (đạt 80 % mục tiêu)"."""
    if figure.target is None or figure.value is None or figure.target_operator is None:
        return ""
    goal, value, unit = figure.target, figure.value, figure.indicator.unit
    goal_text = with_unit(goal, unit)
    if figure.target_operator == ">=":
        if value > goal:
            return f", vượt mục tiêu {goal_text}"
        if value == goal:
            return f", đạt mục tiêu {goal_text}"
        reached = f" (đạt {vn_number((value * 100 / goal).quantize(Decimal('0.1')))} % mục tiêu)" if goal else ""
        return f", chưa đạt mục tiêu {goal_text}{reached}"
    if figure.target_operator == "<=":
        if value <= goal:
            return f", trong giới hạn mục tiêu không quá {goal_text}"
        return f", vượt giới hạn mục tiêu không quá {goal_text}"
    return f", đạt mục tiêu {goal_text}" if value == goal else f", chưa bằng mục tiêu {goal_text}"


def figure_sentence(figure: Figure, *, compiled: bool) -> str | None:
    """One clause about one figure, or None when it has no value (or a zero, unchanged, without target)."""
    ind = figure.indicator
    if figure.value is None:
        return None
    if figure.value == 0 and figure.target is None and not (figure.previous and ind.type != Indicator.Type.YESNO):
        return None  # nothing happened: the annex table still shows the zero
    name = _lower_first(ind.name)
    if ind.type == Indicator.Type.YESNO:
        if compiled:
            share = f" (chiếm {vn_number(figure.share)} % số đơn vị báo cáo)" if figure.share is not None else ""
            return f"{vn_number(figure.value)} đơn vị: {name}{share}"
        return f"{name}: {'có' if figure.value else 'chưa'}"
    verb = "đạt" if ind.aggregation == Indicator.Aggregation.RATIO or ind.unit in PERCENT_UNITS else "là"
    if ind.aggregation == Indicator.Aggregation.MEAN and compiled:
        verb = "bình quân đạt"
    return f"{name} {verb} {with_unit(figure.value, ind.unit)}{target_phrase(figure)}{change_phrase(figure)}"


def group_paragraph(figures: list[Figure], *, compiled: bool) -> str:
    """The drafted text of one task group: its figures as one sentence, clauses joined by ";"."""
    clauses = [c for c in (figure_sentence(f, compiled=compiled) for f in figures) if c]
    if not clauses:
        if any(f.value is not None for f in figures):
            return "Trong kỳ chưa phát sinh kết quả ở nhóm nhiệm vụ này."
        return "Chưa có số liệu báo cáo cho nhóm nhiệm vụ này."
    text = "; ".join(clauses)
    return f"Kết quả: {text}."
