"""Shapes of the reporting endpoints: the catalogue, the periods and one unit's report."""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StrictInt, WithJsonSchema

from greenplan.api.schemas import In
from greenplan.reporting import values as V
from greenplan.reporting.models import INDICATOR_CODE_PATTERN, Indicator, Period
from greenplan.reporting.services import COMMENT_MAX, NARRATIVE_FIELDS, NARRATIVE_MAX

Number = int | float | None


class IndicatorOut(Schema):
    code: str
    name: str = Field(description="Vietnamese name, whatever the request's language.")
    unit: str = Field(description="Unit of measure, in Vietnamese (người, văn bản, triệu đồng, %…).")
    aggregation: str = Field(
        description="How a subtree rolls up: `sum`; `ratio` = Σnumerator / Σdenominator × 100 "
        "(never an average of ratios); `yes_count` = how many units answered yes (1); "
        "`mean` = the mean over the units that reported."
    )
    group: int = Field(description="Task group of the plan, 1–8 (0 for the unit's base figures).")
    derived: bool = Field(description="Computed from other indicators, never entered: a PUT that sets it gets 422.")
    name_en: str = Field(description="English name (may be empty).")
    type: str = Field(description="`integer`, `decimal`, `percent` or `yesno` (1 = yes, 0 = no).")
    numerator: str | None = Field(description="For a ratio: the code of the numerator indicator.")
    denominator: str | None = Field(description="For a ratio: the code of the denominator indicator.")
    required: bool = Field(description="A report cannot be submitted without it.")
    plan_items: list[str] = Field(description="The plan items (e.g. `7.3`) the indicator measures.")
    min: Number = Field(description="Smallest accepted value.")
    max: Number = Field(description="Largest accepted value, or null for no limit.")
    active: bool = Field(description="False once retired: no longer asked for, past values stay.")
    retired_at: datetime.date | None
    kinds: list[str] = Field(description="Unit kinds that report it; empty means every kind.")

    @classmethod
    def of(cls, ind: Indicator) -> "IndicatorOut":
        return cls(
            code=ind.code,
            name=ind.name,
            unit=ind.unit,
            aggregation=ind.aggregation,
            group=ind.group,
            derived=ind.derived,
            name_en=ind.name_en,
            type=ind.type,
            numerator=ind.numerator.code if ind.numerator else None,
            denominator=ind.denominator.code if ind.denominator else None,
            required=ind.required,
            plan_items=[item.strip() for item in ind.plan_items.split(";") if item.strip()],
            min=V.as_json_number(ind.min_value),
            max=V.as_json_number(ind.max_value),
            active=ind.is_active,
            retired_at=ind.retired_at,
            kinds=sorted(kind.code for kind in ind.reporting_kinds.all()),
        )


class PeriodOut(Schema):
    code: str = Field(description="`YYYYH1` or `YYYYH2`.")
    start: datetime.date
    end: datetime.date
    deadline: datetime.date = Field(description="Reports first submitted after this day are late.")
    open: bool = Field(description="Reports of an open period can be entered and submitted.")
    cutoff: datetime.date = Field(description="Figures are counted up to this day.")
    year: int
    half: int
    label: str = Field(description="Human name, in the request's language.")

    @classmethod
    def of(cls, period: Period) -> "PeriodOut":
        return cls(
            code=period.code,
            start=period.start,
            end=period.end,
            deadline=period.deadline,
            open=period.is_open,
            cutoff=period.cutoff,
            year=period.year,
            half=period.half,
            label=str(period.label),
        )


class NarrativeOut(Schema):
    results: str
    difficulties: str
    proposals: str


class ReportOut(Schema):
    unit: str
    period: str
    status: str = Field(description="`draft`, `submitted`, `returned` or `approved`.")
    version: int = Field(description="0 while the unit has no report; send it back with the next PUT.")
    values: dict[str, Number] = Field(
        description="Every indicator the unit reports, entered and derived; null when not entered."
    )
    narrative: NarrativeOut
    submitted_at: str | None = Field(description="When it was last submitted (ISO 8601).")
    on_time: bool | None = Field(description="Whether it was first submitted by the deadline; null if never.")
    return_comment: str = Field(description="The approver's reason when the report was returned or reopened.")


class ReportSavedOut(ReportOut):
    warnings: dict[str, str] = Field(
        description="Indicator code → a warning that did not block the save (e.g. far from last period)."
    )


# The values and the narrative are read by greenplan.reporting.services, which answers each wrong
# value with {"errors": {CODE: message}} (the contract), so pydantic takes them as they come; the
# document states the same rule, from the same constants.
VALUE_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "exclusiveMaximum": int(V.MAX_VALUE),
         "description": f"At most {V.DECIMAL_PLACES} decimal places and {V.SIGNIFICANT_DIGITS} significant "
                        "digits; whole numbers only for integer and yes/no indicators."},
        {"type": "string", "pattern": V.TYPED_NUMBER_PATTERN,
         "description": "As typed in Vietnamese: `1.234,5`, `1 234,5`, `1234,5`, `12.5`, `1234`; "
                        "ASCII digits only. Empty clears the value."},
        {"type": "boolean", "description": "Only for yes/no indicators (true = 1, false = 0)."},
        {"type": "null", "description": "Clears the value."},
    ]
}
VALUES_SCHEMA = {
    "anyOf": [{"type": "object", "propertyNames": {"pattern": INDICATOR_CODE_PATTERN},
               "additionalProperties": VALUE_SCHEMA}, {"type": "null"}],
    "default": None,
    "description": "Indicator code, exactly as in `GET /indicators` (upper case, no spaces) → value. "
                   "Codes left out keep their value. An unknown, retired or derived code is refused.",
}
NARRATIVE_SCHEMA = {
    "anyOf": [
        {"type": "object", "additionalProperties": False,
         "properties": {key: {"type": ["string", "null"], "maxLength": NARRATIVE_MAX} for key in NARRATIVE_FIELDS}},
        {"type": "null"},
    ],
    "default": None,
    "description": f"Any of {', '.join(f'`{k}`' for k in NARRATIVE_FIELDS)} → text, {NARRATIVE_MAX:,} characters "
                   "at most; tab and line breaks allowed, no other control character. Left out: unchanged.",
}


class ReportIn(In):
    version: StrictInt = Field(description="The version the client edited (0 for a unit with no report yet).")
    values: Annotated[dict[str, Any] | None, WithJsonSchema(VALUES_SCHEMA)] = None
    narrative: Annotated[dict[str, Any] | None, WithJsonSchema(NARRATIVE_SCHEMA)] = None


class ActionIn(In):
    version: StrictInt | None = Field(
        None, description="If given, the action is refused with 409 unless the report is at this version."
    )


class CommentIn(ActionIn):
    comment: str | None = Field(
        None, max_length=COMMENT_MAX,
        description=f"Why: shown to the unit. Required, non-empty, {COMMENT_MAX:,} characters at most.",
    )


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str = Field(description="Where in the request, e.g. `version`, `narrative.results`, `revision`.")
    message: str
    type: str = Field(description="A machine-readable kind, e.g. `missing`, `string_too_long`.")


class InvalidOut(Schema):
    detail: str
    # Absent rather than null when there is nothing to list: the OpenAPI document must not
    # offer null, so the annotation keeps None out and the default stays None.
    errors: dict[str, str] | dict[str, list[str]] | list[FieldErrorOut] = Field(  # type: ignore[assignment]
        None,
        description="Indicator code (or `comment`, or a narrative key) → message. A request that does not "
        "match this document (e.g. `version` missing) gets a list of {field, message, type} instead. "
        "Absent when the refusal concerns no single field.",
    )


class ChangeOut(Schema):
    version: int
    kind: str
    by: str | None
    at: str
    changes: list[dict[str, Any]]


class ConflictOut(Schema):
    detail: str
    version: int | None = Field(None, description="On a stale version: the report's current version.")
    changes: list[ChangeOut] | None = Field(None, description="On a stale version: what changed since yours.")
