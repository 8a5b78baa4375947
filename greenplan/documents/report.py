"""The six-monthly report as an official .docx: a unit's own report, and a superior's compiled
report of its whole subtree (for a half-year or a year).

Every figure comes from the same reads as the pages and the API: the unit's report values
(derived ratios included) for its own report; the stored subtree totals
(`analytics.selectors.aggregate_many`) for the compiled one, its annex included. A fixed number of
queries whatever the number of subordinates.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation

from greenplan.analytics.comparison import compare_previous
from greenplan.analytics.evaluation import targets_for_units
from greenplan.analytics.selectors import Aggregate, aggregate_many, periods_of
from greenplan.documents import layout as L
from greenplan.documents.drafting import Figure, group_paragraph, with_unit
from greenplan.documents.models import ReportDraft
from greenplan.documents.parties import Parties, parties_of
from greenplan.orgs.models import Unit, children_q
from greenplan.plans.models import Plan, PlanItem, PlanTarget
from greenplan.reporting import values as V
from greenplan.reporting.expected import active_during
from greenplan.reporting.groups import GROUP_TITLES
from greenplan.reporting.labels import period_label
from greenplan.reporting.models import Indicator, Period, Report
from greenplan.reporting.rollup import COUNTED
from greenplan.reporting.services import previous_values, stored_values

GROUPS = range(1, 9)
SECTION_KEYS = ("summary", *(f"group_{n}" for n in GROUPS), "difficulties", "proposals", "next_tasks")
KEY_INDICATORS = 4  # columns of the annex table per subordinate, besides the unit's name


@dataclass
class Voice:
    """What one subordinate wrote in its report."""

    unit: Unit
    difficulties: str
    proposals: str


@dataclass
class ReportData:
    unit: Unit
    period: str
    compiled: bool
    indicators: list[Indicator]
    figures: dict[str, Figure]
    parties: Parties
    completeness: Aggregate | None = None
    voices: list[Voice] = field(default_factory=list)
    own_narrative: dict[str, str] = field(default_factory=dict)
    next_items: list[PlanItem] = field(default_factory=list)
    annex: list[Aggregate] = field(default_factory=list)
    key_indicators: list[Indicator] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # drafted, then replaced by edits
    edited: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        with translation.override("vi"):
            return period_label(self.period)


def _figures(indicators: list[Indicator], now: dict[str, Decimal | None], before: dict[str, Decimal | None],
             shares: dict[str, Decimal | None], targets: list[tuple[PlanTarget, Plan]]) -> dict[str, Figure]:
    goals = {t.indicator.code: t for t, _plan in targets}
    figures = {}
    for ind in indicators:
        goal = goals.get(ind.code)
        figures[ind.code] = Figure(ind, now.get(ind.code), before.get(ind.code), shares.get(ind.code),
                                   goal.operator if goal else None, goal.value if goal else None)
    return figures


def _catalogue() -> list[Indicator]:
    return [i for i in Indicator.objects.select_related("numerator", "denominator").order_by("group", "order", "code")
            if i.is_active]


def _plan_in_force(unit: Unit) -> Plan | None:
    """The unit's current plan, else the nearest superior's: the tasks the unit carries out."""
    paths = [*unit.ancestor_paths(), unit.path]
    plans = {p.unit.path: p for p in Plan.objects.filter(unit__path__in=paths, superseded_at__isnull=True)
             .select_related("unit")}
    for path in reversed(paths):
        if path in plans:
            return plans[path]
    return None


def _next_items(unit: Unit) -> list[PlanItem]:
    plan = _plan_in_force(unit)
    if plan is None:
        return []
    return list(PlanItem.objects.filter(plan=plan).exclude(status__in=[PlanItem.Status.DONE,
                                                                        PlanItem.Status.CANCELLED])
                .select_related("group").order_by("order", "id"))


def _voices(unit: Unit, periods: list[Period]) -> list[Voice]:
    """The direct subordinates' difficulties and proposals in their sent reports; one query."""
    reports = (Report.objects.filter(children_q(unit, "unit__"), period__in=periods, status__in=COUNTED)
               .filter(~Q(difficulties="") | ~Q(proposals=""))
               .select_related("unit", "period").order_by("unit__path", "period__half"))
    by_unit: dict[int, Voice] = {}
    for report in reports:
        voice = by_unit.setdefault(report.unit_id, Voice(report.unit, "", ""))
        prefix = f"({report.period.label}) " if len(periods) > 1 else ""
        if report.difficulties:
            voice.difficulties += ("\n" if voice.difficulties else "") + prefix + report.difficulties.strip()
        if report.proposals:
            voice.proposals += ("\n" if voice.proposals else "") + prefix + report.proposals.strip()
    return list(by_unit.values())


def compiled_report_data(unit: Unit, period_code: str) -> ReportData:
    """The figures of `unit`'s subtree for a half-year or a year, with every subordinate's; raises
    Http404 for an unknown period."""
    period_code = period_code.upper()
    periods = periods_of(period_code)
    indicators = _catalogue()
    children = list(Unit.objects.filter(children_q(unit), active_during(periods[-1])).select_related("kind")
                    .order_by("kind__order", "name"))
    aggregates = aggregate_many([unit, *children], period_code, indicators=indicators)
    mine = aggregates[unit.pk]
    # The same rule as the dashboard: only two closed periods are compared.
    before = compare_previous(unit, mine, False, indicators).previous
    targets = targets_for_units([unit], period_code)[unit.pk]
    data = ReportData(
        unit=unit, period=period_code, compiled=True, indicators=indicators,
        figures=_figures(indicators, mine.values, before.values if before else {}, mine.shares, targets),
        parties=parties_of(unit), completeness=mine, voices=_voices(unit, periods), next_items=_next_items(unit),
        annex=[aggregates[c.pk] for c in children],
    )
    target_codes = [t.indicator.code for t, _plan in targets]
    by_code = {i.code: i for i in indicators}
    keys = [by_code[c] for c in dict.fromkeys(target_codes) if c in by_code]
    keys += [i for i in indicators if i.group == 0 and i not in keys]
    data.key_indicators = keys[:KEY_INDICATORS]
    _draft(data)
    return data


def own_report_data(unit: Unit, period: Period) -> ReportData:
    """The figures of the unit's own report for a half-year (its values and derived ratios)."""
    report = Report.objects.filter(unit=unit, period=period).first()
    catalogue = V.catalogue_for(unit)
    indicators = list(catalogue.indicators.values())
    now = V.derive(catalogue, stored_values(report))
    before = V.derive(catalogue, previous_values(unit, period))
    targets = targets_for_units([unit], period.code)[unit.pk]
    data = ReportData(
        unit=unit, period=period.code, compiled=False, indicators=indicators,
        figures=_figures(indicators, now, before, {}, targets), parties=parties_of(unit),
        own_narrative={key: getattr(report, key) if report else "" for key in ("results", "difficulties",
                                                                              "proposals")},
        next_items=_next_items(unit),
    )
    _draft(data)
    return data


# --- drafting the sections ---------------------------------------------------------------------


def _summary(data: ReportData) -> str:
    lines = []
    if data.compiled and data.completeness is not None:
        c = data.completeness
        lines.append(
            f"Trong {_lower(data.label)}, {data.unit.name} tổng hợp báo cáo của {L.vn_number(c.expected)} lượt đơn vị "
            f"phải báo cáo (đơn vị và các đơn vị trực thuộc); đã nhận {L.vn_number(c.submitted)} báo cáo "
            f"({L.vn_number(c.approved)} đã duyệt, {L.vn_number(c.on_time)} gửi đúng hạn)."
        )
    general = [f for f in data.figures.values() if f.indicator.group == 0 and f.value is not None]
    if general:
        parts = [f"{_lower(f.indicator.name)} {with_unit(f.value, f.indicator.unit)}" for f in general]
        lines.append("Số liệu chung: " + "; ".join(parts) + ".")
    if not data.compiled and data.own_narrative.get("results"):
        lines.append(data.own_narrative["results"])
    return "\n".join(lines) or "Chưa có số liệu báo cáo trong kỳ."


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _compiled_voices(data: ReportData, key: str) -> str:
    if not data.compiled:
        return data.own_narrative.get(key, "") or "Không có."
    lines = [f"{v.unit.name}: {getattr(v, key)}" for v in data.voices if getattr(v, key)]
    return "\n".join(lines) or "Các đơn vị trực thuộc không nêu."


def _next_tasks(data: ReportData) -> str:
    if not data.next_items:
        return "Tiếp tục triển khai các nhiệm vụ của kế hoạch hành động."
    lines = []
    for item in data.next_items:
        lead = f" (chủ trì: {item.lead})" if item.lead else ""
        lines.append(f"{item.code}. {item.title}{lead}.")
    return "\n".join(lines)


def drafted_sections(data: ReportData) -> dict[str, str]:
    """Every section's text as the rules draft it from the data."""
    by_group: dict[int, list[Figure]] = defaultdict(list)
    for figure in data.figures.values():
        by_group[figure.indicator.group].append(figure)
    sections = {"summary": _summary(data)}
    for n in GROUPS:
        sections[f"group_{n}"] = group_paragraph(by_group.get(n, []), compiled=data.compiled)
    sections["difficulties"] = _compiled_voices(data, "difficulties")
    sections["proposals"] = _compiled_voices(data, "proposals")
    sections["next_tasks"] = _next_tasks(data)
    return sections


def _draft(data: ReportData) -> None:
    with translation.override("vi"):
        data.sections = drafted_sections(data)
    if data.compiled:
        stored = ReportDraft.objects.filter(unit=data.unit, period=data.period).values_list("sections", flat=True)
        edits = next(iter(stored), None) or {}
        for key, text in edits.items():
            if key in data.sections and text:
                data.sections[key] = text
                data.edited.add(key)


# --- the document ------------------------------------------------------------------------------


def build(data: ReportData, *, today: datetime.date | None = None) -> bytes:
    """The report as .docx bytes."""
    with translation.override("vi"):
        return L.as_bytes(_document(data, today or timezone.localdate()))


def _document(data: ReportData, today: datetime.date) -> L.Document:
    doc = L.new_document()
    p = data.parties
    L.header_block(doc, superior=p.superior, issuer=p.issuer, reference=f"Số:      /BC-{p.symbol}", place=p.place,
                   day=today)
    what = "tổng hợp kết quả" if data.compiled else "kết quả"
    L.title(doc, ["Báo cáo", f"{what.capitalize()} thực hiện Kế hoạch hành động tăng trưởng xanh",
                  _capital(data.label)])
    s = data.sections
    L.heading(doc, "I. TÌNH HÌNH CHUNG")
    L.body(doc, s["summary"])
    L.heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHÓM NHIỆM VỤ, GIẢI PHÁP")
    for n in GROUPS:
        L.heading(doc, f"{n}. {GROUP_TITLES[n]}", level=2)
        L.body(doc, s[f"group_{n}"])
    L.heading(doc, "III. KHÓ KHĂN, VƯỚNG MẮC")
    L.body(doc, s["difficulties"])
    L.heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    L.body(doc, s["proposals"])
    L.heading(doc, "V. NHIỆM VỤ TRỌNG TÂM 6 THÁNG TIẾP THEO")
    L.body(doc, s["next_tasks"])
    L.recipients_and_signature(doc, recipients=p.report_recipients, capacity=p.capacity,
                               signer_title=p.signer_title, signer_name=p.signer_name)
    _annexes(doc, data)
    return doc


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_rows(data: ReportData) -> list[list[str]]:
    """Annex I: every indicator with its figure, the previous period's and the target."""
    rows = []
    for index, ind in enumerate(data.indicators, start=1):
        f = data.figures[ind.code]
        target = f"{'≥' if f.target_operator == '>=' else '≤' if f.target_operator == '<=' else '='} " \
                 f"{L.vn_number(f.target)}" if f.target is not None else ""
        rows.append([str(index), ind.name, ind.unit, L.vn_number(f.value), L.vn_number(f.previous), target])
    return rows


def _annexes(doc: L.Document, data: ReportData) -> None:
    L.page_break(doc)
    L.heading(doc, f"PHỤ LỤC I. SỐ LIỆU CHỈ TIÊU {data.label.upper()}")
    L.table(doc, ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Mục tiêu"], figure_rows(data),
            [1.3, 6.5, 2.1, 2.2, 2.2, 2.2], numeric_from=3)
    if not data.compiled or not data.annex:
        return
    L.heading(doc, "PHỤ LỤC II. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ TRỰC THUỘC")
    rows = [[str(i), a.unit.name, L.vn_number(a.expected), L.vn_number(a.submitted), L.vn_number(a.approved),
             L.vn_number(a.on_time)] for i, a in enumerate(data.annex, start=1)]
    L.table(doc, ["STT", "Đơn vị", "Phải báo cáo", "Đã gửi", "Đã duyệt", "Đúng hạn"], rows,
            [1.3, 6.8, 2.1, 2.1, 2.1, 2.1], numeric_from=2)
    L.heading(doc, "PHỤ LỤC III. MỘT SỐ CHỈ TIÊU CHỦ YẾU CỦA CÁC ĐƠN VỊ TRỰC THUỘC")
    keys = data.key_indicators
    header = ["STT", "Đơn vị", *(f"{k.name} ({k.unit})" if k.unit else k.name for k in keys)]
    rows = [[str(i), a.unit.name, *(L.vn_number(a.values.get(k.code)) for k in keys)]
            for i, a in enumerate(data.annex, start=1)]
    width = (16.5 - 1.3 - 5.0) / max(len(keys), 1)
    L.table(doc, header, rows, [1.3, 5.0, *([width] * len(keys))], numeric_from=2)


def report_stem(data: ReportData) -> str:
    """The download's name without extension: the kind, the unit code and the period."""
    kind = "bao-cao-tong-hop" if data.compiled else "bao-cao"
    return f"{kind}-{data.unit.code}-{data.period}"
