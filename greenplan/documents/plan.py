"""A unit's action plan as an official .docx, laid out like the seed document: the purposes and
requirements, the task groups and their items (lead units, timing, targets), the duties of each
level, the closing, "Nơi nhận" and the signature."""

import datetime

from django.utils import timezone, translation

from greenplan.documents import layout as L
from greenplan.documents.parties import BLANK_NAME, parties_of
from greenplan.plans.models import Plan, PlanGroup, PlanItem
from greenplan.plans.selectors import plan_items

OPERATORS = {">=": "≥", "<=": "≤", "=": "="}


def _item_lines(item: PlanItem) -> list[str]:
    lines = [f"{item.code}. {item.text or item.title}"]
    if item.lead or item.participants:
        who = f"Chủ trì: {item.lead or '—'}"
        if item.participants:
            who += f"; phối hợp: {item.participants}"
        lines.append(who + ".")
    timing = []
    if item.start_on or item.end_on:
        start = f"{item.start_on:%d/%m/%Y}" if item.start_on else "…"
        end = f"{item.end_on:%d/%m/%Y}" if item.end_on else "…"
        timing.append(f"từ {start} đến {end}")
    if item.frequency:
        timing.append(item.frequency)
    if timing:
        lines.append("Thời gian: " + "; ".join(timing) + ".")
    targets = []
    for target in item.targets.all():
        when = f" ({target.period_code})" if target.period_code else ""
        unit = f" {target.indicator.unit}" if target.indicator.unit and target.indicator.unit != "có/không" else ""
        targets.append(f"{target.indicator.name} {OPERATORS.get(target.operator, target.operator)} "
                       f"{L.vn_number(target.value)}{unit}{when}")
    if targets:
        lines.append("Chỉ tiêu: " + "; ".join(targets) + ".")
    if item.expected_output:
        lines.append(f"Sản phẩm: {item.expected_output}")
    return lines


def build_plan(plan: Plan, *, today: datetime.date | None = None) -> bytes:
    """The plan as .docx bytes; a fixed number of queries whatever its size."""
    with translation.override("vi"):
        return L.as_bytes(_document(plan, today or timezone.localdate()))


def _document(plan: Plan, today: datetime.date) -> L.Document:
    doc = L.new_document()
    unit = plan.unit
    parties = parties_of(unit, plan)
    reference = f"Số: {plan.reference}" if plan.reference else f"Số:      /KH-{parties.symbol}"
    L.header_block(doc, superior=parties.superior, issuer=parties.issuer, reference=reference, place=parties.place,
                   day=plan.issued_on or today)
    L.title(doc, _title_lines(plan.title))
    if plan.intro:
        L.body(doc, plan.intro)
    if plan.purposes or plan.requirements:
        L.heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
        for number, (label, entries) in enumerate((("Mục đích", plan.purposes), ("Yêu cầu", plan.requirements)),
                                                  start=1):
            L.heading(doc, f"{number}. {label}", level=2)
            for entry in entries:
                code = entry.get("code", "")
                L.body(doc, f"{code}. {entry.get('text', '')}" if code else entry.get("text", ""))
    L.heading(doc, "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU")
    items = list(plan_items(plan))
    groups = {g.pk: g for g in PlanGroup.objects.filter(plan=plan).order_by("order", "code")}
    by_group: dict[int, list[PlanItem]] = {pk: [] for pk in groups}
    for item in items:
        by_group.setdefault(item.group_id, []).append(item)
    for pk, group in groups.items():
        L.heading(doc, f"{group.code}. {group.title}", level=2)
        for item in by_group.get(pk, []):
            L.body(doc, "\n".join(_item_lines(item)))
    if plan.duties:
        L.heading(doc, "III. TỔ CHỨC THỰC HIỆN")
        for number, duty in enumerate(plan.duties.values(), start=1):
            L.heading(doc, f"{number}. {duty.get('title', '')}", level=2)
            L.body(doc, "\n".join(duty.get("paragraphs", [])))
    if plan.closing:
        L.body(doc, plan.closing)
    recipients = list(plan.recipients) or [f"{parties.superior} (để báo cáo);", "Lưu: VT."]
    L.recipients_and_signature(doc, recipients=recipients, capacity=parties.capacity,
                               signer_title=parties.signer_title, signer_name=parties.signer_name or BLANK_NAME)
    return doc


def _title_lines(title: str) -> list[str]:
    """"Kế hoạch hành động thực hiện …" → ["KẾ HOẠCH HÀNH ĐỘNG", "Thực hiện …"] as the seed prints it."""
    head = "Kế hoạch hành động"
    if title.lower().startswith(head.lower()):
        rest = title[len(head):].strip()
        return [head, rest[:1].upper() + rest[1:]] if rest else [head]
    return ["Kế hoạch", title]


def plan_stem(plan: Plan) -> str:
    return f"ke-hoach-{plan.unit.code}"
