"""Who issues a document and who it goes to, by fixed rules from the organisation tree.

The superior body is the parent unit (the Confederation above a root); the place is the
province's name without "Liên đoàn Lao động tỉnh/thành phố"; the symbol after "BC-"/"KH-"
is the issuing body's usual abbreviation; the signer is the one of the unit's issued plan
(else left blank to sign by hand).
"""

import re
from dataclasses import dataclass, field

from greenplan.documents.layout import CONFEDERATION
from greenplan.orgs.models import Unit
from greenplan.plans.models import Plan

BLANK_NAME = "…………………"
_PROVINCE_PREFIX = re.compile(r"^(liên đoàn lao động|công đoàn)\s+(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
_SYMBOLS = (
    (re.compile(r"^liên đoàn lao động", re.IGNORECASE), "LĐLĐ"),
    (re.compile(r"^công đoàn ngành", re.IGNORECASE), "CĐN"),
    (re.compile(r"^công đoàn viên chức", re.IGNORECASE), "CĐVC"),
)


@dataclass
class Parties:
    superior: str
    issuer: str
    symbol: str
    place: str
    capacity: str = "TM. BAN THƯỜNG VỤ"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = BLANK_NAME
    report_recipients: list[str] = field(default_factory=list)


def place_of(root: Unit | None) -> str:
    """"Hải Phòng" for "Liên đoàn Lao động thành phố Hải Phòng"; dots to fill in by hand otherwise."""
    if root is None:
        return "…………"
    match = _PROVINCE_PREFIX.match(root.name)
    return root.name[match.end():].strip() if match else "…………"


def symbol_of(unit: Unit) -> str:
    for pattern, symbol in _SYMBOLS:
        if pattern.match(unit.name):
            return symbol
    return "CĐCS" if unit.kind.is_grassroots else "CĐ"


def parties_of(unit: Unit, plan: Plan | None = None) -> Parties:
    """The header and signature of a document `unit` issues; two queries (parent and root, plan)."""
    paths = {unit.path[: unit.steplen], unit.path[: -unit.steplen]} - {""}
    above = {u.path: u for u in Unit.objects.filter(path__in=paths)} if unit.depth > 1 else {}
    parent = above.get(unit.path[: -unit.steplen])
    root = unit if unit.depth == 1 else above.get(unit.path[: unit.steplen])
    superior = parent.name if parent else CONFEDERATION
    if plan is None:
        plan = (Plan.objects.filter(unit=unit, status=Plan.Status.ISSUED).order_by("-revision").first())
    parties = Parties(superior=superior, issuer=unit.name, symbol=symbol_of(unit), place=place_of(root),
                      report_recipients=[f"{superior} (để báo cáo);", "Lưu: VT."])
    if plan is not None and plan.signer_name:
        parties.signer_name = plan.signer_name
        parties.signer_title = plan.signer_title or parties.signer_title
        parties.capacity = plan.signer_capacity or parties.capacity
    return parties
