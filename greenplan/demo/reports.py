"""Demo periods and reports: two past half-years in mixed states and the current one open.

Values are drawn from each unit's members and workers so that every rule of the catalogue
holds and the dashboards have plausible figures. Deterministic for a given seed.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting.expected import expected_units
from greenplan.reporting.models import Indicator, Period, Report, ReportEvent, ReportValue
from greenplan.reporting.periods import DEFAULT_DEADLINE_DAYS, half_bounds
from greenplan.reporting.rebuild import rebuild

# (year, half, open, share of units in each state: approved, submitted, returned, draft; rest missing)
DEMO_PERIODS = [
    (2025, 1, False, (0.93, 0.02, 0.0, 0.01)),
    (2025, 2, False, (0.88, 0.04, 0.0, 0.02)),
    (2026, 1, True, (0.58, 0.14, 0.05, 0.06)),
    (2026, 2, True, (0.0, 0.05, 0.0, 0.12)),
]
RETURN_COMMENTS = [
    "Đề nghị bổ sung số liệu mua sắm xanh và minh chứng kèm theo.",
    "Số người được tuyên truyền lớn hơn thực tế, đề nghị rà soát lại.",
    "Thiếu nội dung khó khăn, vướng mắc; đề nghị bổ sung trước khi gửi lại.",
]
NARRATIVES = {
    "results": [
        "Tổ chức tuyên truyền về lối sống xanh, phân loại rác tại nguồn cho toàn thể đoàn viên.",
        "Phối hợp với chuyên môn phát động phong trào \"Xanh - Sạch - Đẹp, Bảo đảm ATVSLĐ\", trồng cây xanh.",
        "Hưởng ứng Tháng hành động vì môi trường, ra quân vệ sinh khuôn viên cơ quan, doanh nghiệp.",
    ],
    "difficulties": [
        "Kinh phí dành cho hoạt động tăng trưởng xanh còn hạn chế.",
        "Người lao động làm theo ca nên khó tập trung tuyên truyền.",
        "",
    ],
    "proposals": [
        "Đề nghị LĐLĐ thành phố tổ chức tập huấn về kinh tế tuần hoàn cho cán bộ công đoàn cơ sở.",
        "Đề nghị có tài liệu tuyên truyền mẫu về tiết kiệm năng lượng.",
        "",
    ],
}


@dataclass
class DemoReportsSummary:
    periods: int
    reports: int
    values: int


def demo_periods() -> list[Period]:
    periods = []
    for year, half, is_open, _shares in DEMO_PERIODS:
        start, end = half_bounds(year, half)
        period, _ = Period.objects.update_or_create(
            code=f"{year}H{half}",
            defaults=dict(year=year, half=half, start=start, end=end, cutoff=end,
                          deadline=end + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS), is_open=is_open),
        )
        periods.append(period)
    return periods


def plausible_values(unit: Unit, indicators: list[Indicator], rng: random.Random) -> dict[str, Decimal]:
    """One report's numbers, consistent with the catalogue's rules."""
    # A superior union's own report counts its own office staff (its units report the rest).
    members = unit.members or rng.randint(3, 12)
    workers = max(unit.workers, members + rng.randint(0, 3))

    def share(n: int, lo: float, hi: float) -> int:
        return int(n * rng.uniform(lo, hi))

    procurement = Decimal(rng.randint(20, 900))
    proposals, findings, docs = rng.randint(0, 12), rng.randint(0, 8), rng.randint(80, 900)
    screened = share(workers, 0.1, 0.6)
    known: dict[str, int | Decimal] = {
        "MEMBERS": members, "WORKERS": workers,
        "G2_PROPOSALS": proposals, "G2_PROPOSALS_RESOLVED": rng.randint(0, proposals),
        "G3_REACHED": share(members, 0.6, 1.8), "G3_MEMBERS_REACHED": share(members, 0.4, 1.0),
        "G3_TRAINEES": share(members, 0.05, 0.4), "G3_EVENT_PARTICIPANTS": share(members, 0.2, 1.2),
        "G4_SURVEY_RESPONSES": share(workers, 0.0, 0.5), "G4_TRAINING_DEMAND": share(workers, 0.05, 0.3),
        "G4_TRAINED": share(workers, 0.0, 0.2), "G4_GREEN_JOBS": share(workers, 0.0, 0.15),
        "G5_SELF_SCORE": Decimal(rng.randint(700, 990)) / 10,
        "G5_INITIATIVE_VALUE": Decimal(rng.randint(0, 5000)) / 10,
        "G5_RECYCLED_KG": Decimal(rng.randint(0, 20000)) / 10,
        "G5_PLEDGED_MEMBERS": share(members, 0.3, 1.0),
        "G5_ELECTRICITY_KWH": Decimal(share(workers, 300, 1500)),
        "G6_FINDINGS": findings, "G6_FINDINGS_FIXED": rng.randint(0, findings),
        "G6_HEALTH_CHECKED": share(workers, 0.5, 1.0), "G6_OD_SCREENED": screened,
        "G6_OD_CASES": min(screened, rng.choice([0, 0, 0, 0, 1, 2])),
        "G6_ACCIDENTS": rng.choice([0, 0, 0, 0, 0, 1]), "G6_FATALITIES": 0,
        "G7_UNION_SPENDING": Decimal(rng.randint(5, 300)) / 10, "G7_MOBILISED": Decimal(rng.randint(0, 500)) / 10,
        "G7_DOCS_TOTAL": docs, "G7_DOCS_ELECTRONIC": share(docs, 0.5, 1.0),
        "G7_PROCUREMENT_TOTAL": procurement,
        "G7_PROCUREMENT_GREEN": (procurement * Decimal(rng.uniform(0.15, 0.6))).quantize(Decimal("0.1")),
    }
    values = {}
    for ind in indicators:
        if ind.code in known:
            value = known[ind.code]
        elif ind.type == Indicator.Type.YESNO:
            value = 1 if rng.random() < 0.7 else 0
        elif ind.type == Indicator.Type.DECIMAL:
            value = Decimal(rng.randint(0, 500)) / 10
        else:
            value = rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 10])
        values[ind.code] = Decimal(value)
    return values


def pick_state(shares: tuple[float, float, float, float], rng: random.Random) -> str | None:
    roll = rng.random()
    for state, cut in zip(("approved", "submitted", "returned", "draft"), shares, strict=True):
        if roll < cut:
            return state
        roll -= cut
    return None


@transaction.atomic
def load_demo_reports(root: Unit, seed: int = 2030) -> DemoReportsSummary:
    """Reports for every unit of `root`'s subtree in the demo periods (bulk inserts)."""
    rng = random.Random(seed)
    indicators = list(Indicator.objects.filter(derived=False, retired_at__isnull=True))
    by_code = {i.code: i for i in indicators}
    reports, values_by_report, events = [], [], []
    pk_by_path = dict(Unit.objects.filter(subtree_q(root.path)).values_list("path", "pk"))
    pk_by_path.update(Unit.objects.filter(path__in=root.ancestor_paths()).values_list("path", "pk"))
    for period, (_y, _h, _open, shares) in zip(demo_periods(), DEMO_PERIODS, strict=True):
        units = expected_units(period, within=root).order_by("path")
        for unit in units:
            state = pick_state(shares, rng)
            if state is None:
                continue
            report, unit_events = _demo_report(unit, period, state, rng)
            report.counted_in = [pk_by_path[p] for p in [*unit.ancestor_paths(), unit.path]]
            reports.append(report)
            values_by_report.append(plausible_values(unit, indicators, rng))
            events.append(unit_events)
    Report.objects.bulk_create(reports, batch_size=2000)
    rows = [
        ReportValue(report=report, indicator=by_code[code], value=value)
        for report, values in zip(reports, values_by_report, strict=True)
        for code, value in values.items()
    ]
    ReportValue.objects.bulk_create(rows, batch_size=5000)
    ReportEvent.objects.bulk_create(
        [ReportEvent(report=report, **event) for report, evs in zip(reports, events, strict=True) for event in evs],
        batch_size=5000,
    )
    rebuild()  # the bulk inserts bypassed the services that keep the stored totals exact
    return DemoReportsSummary(len(DEMO_PERIODS), len(reports), len(rows))


def remove_demo_reports(root: Unit) -> None:
    Report.objects.filter(unit__in=Unit.objects.filter(subtree_q(root.path))).delete()


def _demo_report(unit: Unit, period: Period, state: str, rng: random.Random) -> tuple[Report, list[dict]]:
    deadline = timezone.make_aware(datetime.datetime.combine(period.deadline, datetime.time(17)))
    sent = deadline - datetime.timedelta(days=rng.randint(-10, 14), hours=rng.randint(0, 8))
    report = Report(
        unit=unit, period=period, status=state,
        **{key: rng.choice(texts) for key, texts in NARRATIVES.items()},
    )
    events = [{"version": 1, "kind": ReportEvent.Kind.SAVED}]
    if state != "draft":
        report.first_submitted_at = report.submitted_at = sent
        events.append({"version": 2, "kind": ReportEvent.Kind.SUBMITTED})
    if state == "approved":
        report.decided_at = sent + datetime.timedelta(days=rng.randint(1, 7))
        events.append({"version": 3, "kind": ReportEvent.Kind.APPROVED})
    if state == "returned":
        report.return_comment = rng.choice(RETURN_COMMENTS)
        report.decided_at = sent + datetime.timedelta(days=2)
        events.append({"version": 3, "kind": ReportEvent.Kind.RETURNED, "comment": report.return_comment})
    report.version = len(events)
    return report, events
