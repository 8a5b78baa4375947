"""Shapes of the plan endpoints: a unit's plan, its items and targets, coverage."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StrictBool

from greenplan.api.schemas import PERIOD_OR_YEAR_PATTERN, In
from greenplan.plans.models import ITEM_CODE_PATTERN, Plan, PlanGroup, PlanItem, PlanTarget
from greenplan.plans.selectors import Coverage, PlanDiff
from greenplan.plans.services import ISSUE_TEXTS, ITEM_CODE_MAX, ITEM_TEXTS, PLAN_TEXTS
from greenplan.reporting.models import INDICATOR_CODE_PATTERN, Indicator

# The limits and shapes below are the services' own (greenplan.plans.services), imported, so the
# document can never promise more than the service accepts. Free text is also held to one line
# (no tab or line break) where the service says so, and never holds control characters.
IndicatorCode = Annotated[
    str, Field(max_length=Indicator._meta.get_field("code").max_length, pattern=INDICATOR_CODE_PATTERN)
]
# The model's choices as enums: the document lists them, and pydantic refuses anything else.
ItemStatus = PlanItem.Status
Operator = PlanTarget.Operator
GROUP_CODE_MAX = PlanGroup._meta.get_field("code").max_length


def item_text(name: str, default: Any = "", description: str = "") -> Any:
    limit, multiline = ITEM_TEXTS[name]
    where = "Several lines allowed." if multiline else "One line (no tab or line break)."
    return Field(default, max_length=limit, description=f"{description} {where}".strip())


def item_code(default: Any = ..., description: str = "") -> Any:
    return Field(default, max_length=ITEM_CODE_MAX, pattern=ITEM_CODE_PATTERN, description=description)


def issue_text(name: str, default: Any = ..., description: str = "") -> Any:
    return Field(default, max_length=ISSUE_TEXTS[name][1], description=description)


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class TargetOut(Schema):
    indicator: str = Field(description="Indicator code, e.g. `G7_GREEN_PROCUREMENT_RATE`.")
    operator: str = Field(description="`>=`, `<=` or `=`.")
    value: int | float = Field(description="Target value, in the indicator's unit (35 means 35 %).")
    period: str | None = Field(
        description="A period code (`2026H1`), a year (`2026`), or null: the target holds for the whole plan."
    )

    @classmethod
    def of(cls, target: PlanTarget) -> "TargetOut":
        return cls(indicator=target.indicator.code, operator=target.operator, value=number(target.value),
                   period=target.period_code)


class TargetIn(In):
    indicator: IndicatorCode
    operator: Operator = Operator(">=")
    value: Any = Field(description="A number ≥ 0 (a string with a decimal comma is accepted).")
    period: str | None = Field(None, pattern=PERIOD_OR_YEAR_PATTERN,
                               description="A half-year (`2026H1`), a year (`2026`), or null for the whole plan.")


class ItemOut(Schema):
    code: str = Field(description="Unique within the plan: `1.1` … `8.3`, or e.g. `7.3.a` for a lower unit's item.")
    group: str = Field(description="Code of the task group (`1` … `8`).")
    title: str = Field(description="Short title; `text` holds the full wording.")
    parent_item: str | None = Field(
        description="Code of the item of the superior unit's current plan that this item concretizes; "
        "null for the province plan and for the unit's own initiatives."
    )
    targets: list[TargetOut]
    text: str
    own_initiative: bool = Field(description="Added by the unit itself, concretizing no superior item.")
    indicators: list[str] = Field(description="Codes of the indicators that measure this item.")
    lead: str
    participants: str
    start_on: datetime.date | None
    end_on: datetime.date | None
    frequency: str
    expected_output: str
    status: str = Field(description="`not_started`, `in_progress`, `done` or `cancelled`.")
    progress_note: str
    order: int

    @classmethod
    def of(cls, item: PlanItem) -> "ItemOut":
        """`item` comes from selectors.plan_items (groups, parents, targets, indicators preloaded)."""
        return cls(
            code=item.code,
            group=item.group.code,
            title=item.title,
            parent_item=item.parent_item.code if item.parent_item else None,
            targets=[TargetOut.of(t) for t in item.targets.all()],
            text=item.text,
            own_initiative=item.own_initiative,
            indicators=[i.code for i in item.indicators.all()],
            lead=item.lead,
            participants=item.participants,
            start_on=item.start_on,
            end_on=item.end_on,
            frequency=item.frequency,
            expected_output=item.expected_output,
            status=item.status,
            progress_note=item.progress_note,
            order=item.order,
        )


class PlanGroupOut(Schema):
    code: str
    title: str


class PlanOut(Schema):
    unit: str
    title: str
    parent_plan: str | None = Field(
        description="Unit code of the superior unit whose plan this one implements (its current revision); "
        "null for the province plan."
    )
    items: list[ItemOut]
    status: str = Field(description="`draft` (editable) or `issued` (locked; change it through /revise).")
    revision: int = Field(description="1 for the first version; each /revise adds one.")
    current: bool = Field(description="False for an earlier revision read with `?revision=`.")
    previous_revision: int | None
    number: str
    symbol: str
    reference: str = Field(description="Number and symbol as on the document, e.g. `12/KH-LĐLĐ`.")
    issued_on: datetime.date | None
    signer: str
    signer_title: str
    signer_capacity: str
    groups: list[PlanGroupOut]
    intro: str
    purposes: list[dict[str, str]] = Field(description="Part I.1: `[{\"code\", \"text\"}]`.")
    requirements: list[dict[str, str]] = Field(description="Part I.2: `[{\"code\", \"text\"}]`.")
    duties: dict[str, Any] = Field(
        description="Duties of each level: `{\"province\"|\"superior\"|\"grassroots\": {\"title\", \"paragraphs\"}}`."
    )
    closing: str
    recipients: list[str]
    signed_pdf: bool = Field(description="Whether the signed document is attached (POST /signed-pdf).")

    @classmethod
    def of(cls, plan: Plan, items: list[PlanItem]) -> "PlanOut":
        return cls(
            unit=plan.unit.code,
            title=plan.title,
            parent_plan=plan.parent_plan.unit.code if plan.parent_plan else None,
            items=[ItemOut.of(item) for item in items],
            status=plan.status,
            revision=plan.revision,
            current=plan.is_current,
            previous_revision=plan.previous_revision.revision if plan.previous_revision else None,
            number=plan.number,
            symbol=plan.symbol,
            reference=plan.reference,
            issued_on=plan.issued_on,
            signer=plan.signer_name,
            signer_title=plan.signer_title,
            signer_capacity=plan.signer_capacity,
            groups=[PlanGroupOut(code=g.code, title=g.title) for g in plan.groups.all()],
            intro=plan.intro,
            purposes=plan.purposes,
            requirements=plan.requirements,
            duties=plan.duties,
            closing=plan.closing,
            recipients=plan.recipients,
            signed_pdf=bool(plan.signed_pdf),
        )


class PlanCreateIn(In):
    title: str | None = Field(None, max_length=PLAN_TEXTS["title"][0],
                              description="Required unless `copy_from_parent`. One line.")
    copy_from_parent: StrictBool = Field(
        False,
        description="Start from the direct superior's current plan: every item copied, each concretizing "
        "the superior's item of the same code.",
    )


class ItemIn(In):
    code: str = item_code(description="Unique within the plan, e.g. `7.3.a`.")
    group: str = Field(max_length=GROUP_CODE_MAX, description="Code of one of the plan's task groups.")
    title: str = item_text("title", ...)
    text: str = item_text("text")
    parent_item: str | None = item_code(None, "Code of the superior item it concretizes; null = own initiative.")
    lead: str = item_text("lead")
    participants: str = item_text("participants")
    start_on: datetime.date | None = None
    end_on: datetime.date | None = None
    frequency: str = item_text("frequency")
    expected_output: str = item_text("expected_output")
    status: ItemStatus = ItemStatus("not_started")
    progress_note: str = item_text("progress_note")
    indicators: list[IndicatorCode] = []
    targets: list[TargetIn] = []


class ItemPatch(In):
    code: str | None = item_code(None)
    group: str | None = Field(None, max_length=GROUP_CODE_MAX)
    title: str | None = item_text("title", None)
    text: str | None = item_text("text", None)
    parent_item: str | None = item_code(None)
    lead: str | None = item_text("lead", None)
    participants: str | None = item_text("participants", None)
    start_on: datetime.date | None = None
    end_on: datetime.date | None = None
    frequency: str | None = item_text("frequency", None)
    expected_output: str | None = item_text("expected_output", None)
    status: ItemStatus | None = None
    progress_note: str | None = item_text("progress_note", None)
    indicators: list[IndicatorCode] | None = None
    targets: list[TargetIn] | None = Field(None, description="Replaces every target of the item.")


class IssueIn(In):
    number: str = issue_text("number", description="The number alone, e.g. `12`.")
    symbol: str = issue_text("symbol", "", description="e.g. `KH-LĐLĐ`.")
    issued_on: datetime.date
    signer: str = issue_text("signer")
    signer_title: str = issue_text("signer_title", "")
    signer_capacity: str = issue_text("signer_capacity", "", description="e.g. `TM. BAN THƯỜNG VỤ`.")


class CoverageCellOut(Schema):
    concretized: bool
    items: list[str] = Field(description="Codes of the unit's items that concretize this item.")
    status: str | None = Field(description="Their combined progress; null when not concretized.")
    progress_note: str
    activities: int = Field(description="Activities recorded under those items (0 until activities exist).")


class CoverageUnitOut(Schema):
    code: str
    name: str
    has_plan: bool
    plan_status: str | None
    concretized: int = Field(description="How many of the plan's items the unit concretized.")
    own_initiatives: int
    cells: dict[str, CoverageCellOut] = Field(description="One cell per item code of the unit's plan.")


class CoverageItemOut(Schema):
    code: str
    title: str
    group: str
    status: str
    concretized: int = Field(description="How many direct subordinate units concretized the item.")
    units_total: int
    by_status: dict[str, int] = Field(description="Those units counted by their progress on it.")
    activities: int


class CoverageOut(Schema):
    unit: str
    revision: int
    items: list[CoverageItemOut]
    units: list[CoverageUnitOut]
    without_plan: list[str] = Field(description="Direct subordinate units that have no plan yet.")

    @classmethod
    def of(cls, cov: Coverage) -> "CoverageOut":
        total = cov.units_total
        return cls(
            unit=cov.unit.code,
            revision=cov.plan.revision,
            items=[
                CoverageItemOut(code=c.item.code, title=c.item.title, group=c.item.group.code, status=c.item.status,
                                concretized=c.concretized, units_total=total, by_status=c.by_status,
                                activities=c.activities)
                for c in cov.items
            ],
            units=[
                CoverageUnitOut(
                    code=row.unit.code, name=row.unit.name, has_plan=row.plan is not None,
                    plan_status=row.plan.status if row.plan else None, concretized=row.concretized,
                    own_initiatives=row.own_initiatives,
                    cells={code: CoverageCellOut(**vars(cell)) for code, cell in row.cells.items()},
                )
                for row in cov.rows
            ],
            without_plan=[u.code for u in cov.without_plan],
        )


class DiffChangedOut(Schema):
    code: str
    parent_item: str
    title: str
    text: str
    parent_title: str
    parent_text: str


class DiffOut(Schema):
    unit: str
    parent_plan: str | None
    changed: list[DiffChangedOut] = Field(description="Items whose wording differs from the superior item.")
    added: list[str] = Field(description="Codes of the unit's own initiatives.")
    left_out: list[str] = Field(description="Codes of superior items the unit has not concretized.")

    @classmethod
    def of(cls, plan: Plan, diff: PlanDiff) -> "DiffOut":
        return cls(
            unit=plan.unit.code,
            parent_plan=plan.parent_plan.unit.code if plan.parent_plan else None,
            changed=[
                DiffChangedOut(code=i.code, parent_item=p.code, title=i.title, text=i.text, parent_title=p.title,
                               parent_text=p.text)
                for i, p in diff.changed
            ],
            added=[i.code for i in diff.added],
            left_out=[i.code for i in diff.left_out],
        )
