"""The starting indicator catalogue, read from data/indicators.csv.

The loader takes the model classes as arguments so the data migration can run it with the
historical models and `manage.py load_indicators` with the real ones.
"""

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

CATALOGUE_CSV = Path(__file__).parent / "data" / "indicators.csv"
COMPARISON = re.compile(r"^(?:(?P<left>[A-Z][A-Z0-9_]*)\s+)?(?P<op><=|>=|<|>|==)\s*(?P<right>[A-Z][A-Z0-9_]*)")
RANGE = re.compile(r"^(?P<lo>\d+(?:\.\d+)?)\.\.(?P<hi>\d+(?:\.\d+)?)$")

# How a year combines its two halves: headcounts and states take the latest half, things that
# happened at least once count once; everything else (activities, money, people reached) adds up.
OVER_TIME = {
    "MEMBERS": "last", "WORKERS": "last", "G1_FOCAL": "last", "G3_SELF_MANAGED_GROUPS": "last",
    "G4_GREEN_JOBS": "last", "G5_REGISTERED_XSD": "last", "G5_SELF_SCORE": "last", "G6_SAFETY_OFFICERS": "last",
    "G1_RESOLUTION": "max", "G4_SURVEY_DONE": "max", "G6_WORK_ENV_MONITORED": "max",
}

OPERATOR_TEXT = {
    "<=": ("không được lớn hơn", "must not exceed"),
    "<": ("phải nhỏ hơn", "must be less than"),
    ">=": ("không được nhỏ hơn", "must not be less than"),
    ">": ("phải lớn hơn", "must be greater than"),
    "==": ("phải bằng", "must equal"),
}


@dataclass
class RuleSpec:
    left: str
    operator: str
    right: str
    severity: str


def read_rows(path: Path = CATALOGUE_CSV) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_rule(code: str, rule: str) -> tuple[RuleSpec | None, dict[str, Any]]:
    """Split the catalogue's free-text rule into a comparison and indicator attributes."""
    attrs: dict[str, Any] = {}
    comparison = None
    for part in (p.strip() for p in rule.split(";") if p.strip()):
        if part.startswith("derived"):
            attrs["derived"] = True
        elif part.startswith("optional"):
            attrs["required"] = False
        elif part.startswith(("target", "saving")):
            continue  # targets belong to plan items; savings are computed from past periods
        elif match := RANGE.match(part):
            attrs["min_value"] = Decimal(match["lo"])
            attrs["max_value"] = Decimal(match["hi"])
        elif match := COMPARISON.match(part):
            severity = "warning" if "warning" in part else "error"
            comparison = RuleSpec(match["left"] or code, match["op"], match["right"], severity)
        else:
            raise ValueError(f"{code}: cannot read rule {rule!r}")
    return comparison, attrs


def rule_messages(left: Any, operator: str, right: Any) -> tuple[str, str]:
    vi, en = OPERATOR_TEXT[operator]
    return (
        f"«{left.name}» {vi} «{right.name}».",
        f"“{left.name_en or left.code}” {en} “{right.name_en or right.code}”.",
    )


def load_catalogue(indicator_model: Any, rule_model: Any, rows: list[dict[str, str]] | None = None) -> int:
    """Create or update every indicator and rule of the catalogue; returns the indicator count."""
    rows = rows if rows is not None else read_rows()
    by_code: dict[str, Any] = {}
    pending_rules = []
    has_over_time = any(f.name == "over_time" for f in indicator_model._meta.get_fields())
    # Ratios last: their numerator and denominator must exist first (a constraint says so).
    ordered = sorted(enumerate(rows, start=1), key=lambda pair: bool(pair[1]["numerator"]))
    for order, row in ordered:
        comparison, attrs = parse_rule(row["code"], row["rule"])
        derived = attrs.pop("derived", False)
        defaults = {
            "group": int(row["group"]),
            "plan_items": row["plan_items"],
            "name": row["name_vi"],
            "name_en": row["name_en"],
            "unit": row["unit"],
            "type": row["type"],
            "aggregation": row["aggregation"],
            "derived": derived,
            "required": attrs.pop("required", not derived),
            "min_value": attrs.pop("min_value", Decimal(0)),
            "max_value": attrs.pop("max_value", Decimal(1) if row["type"] == "yesno" else None),
            "order": order,
        }
        if derived:
            defaults["required"] = False
        if has_over_time:  # the data migration runs with models from before this field existed
            defaults["over_time"] = OVER_TIME.get(row["code"], "sum")
        if row["numerator"]:
            defaults["numerator"] = by_code[row["numerator"]]
            defaults["denominator"] = by_code[row["denominator"]]
        by_code[row["code"]], _ = indicator_model.objects.update_or_create(code=row["code"], defaults=defaults)
        if comparison:
            pending_rules.append(comparison)
    for spec in pending_rules:
        left, right = by_code[spec.left], by_code[spec.right]
        message, message_en = rule_messages(left, spec.operator, right)
        rule_model.objects.update_or_create(
            left=left,
            operator=spec.operator,
            right=right,
            defaults={"severity": spec.severity, "message": message, "message_en": message_en},
        )
    return len(by_code)
