"""Data that tests build again and again: report values, submitted reports, the issued
province plan, activity form data and account-import sheets."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from greenplan.accounts.importers import COLUMNS
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue
from greenplan.reporting.models import Indicator
from greenplan.reporting.services import report_save, report_submit

LAST_MONTH = datetime.date.today() - datetime.timedelta(days=30)

# unit: members, workers, sessions, green procurement, total procurement, focal officer (yes/no), self score
VALUES = {
    "a1": (120, 150, 4, 40, 100, 1, "90.5"),
    "a2": (40, 42, 2, 10, 60, 0, "80"),
    "b1": (80, 85, 7, 5, 50, 1, "95"),
    "a": (10, 12, 3, 0, 20, 1, "70"),
}


def full_values(**overrides):
    """A value for every required indicator, consistent with every rule."""
    values = {ind.code: 0 for ind in Indicator.objects.filter(derived=False, required=True)}
    values.update({"MEMBERS": 120, "WORKERS": 150, "G7_PROCUREMENT_TOTAL": 100, "G7_PROCUREMENT_GREEN": 40})
    values.update(overrides)
    return values


def filled_values() -> dict[str, Decimal]:
    """A full report for imports and benches: 2 for every required figure, yes for every yes/no
    indicator, and members, workers and procurement consistent with the rules."""
    values = {ind.code: Decimal(2) for ind in Indicator.objects.filter(derived=False, required=True)}
    for ind in Indicator.objects.filter(derived=False, type=Indicator.Type.YESNO):
        values[ind.code] = Decimal(1)
    values.update({"MEMBERS": Decimal(50), "WORKERS": Decimal(60), "G7_PROCUREMENT_TOTAL": Decimal(100),
                   "G7_PROCUREMENT_GREEN": Decimal("38.5")})
    return values


def values_for(key: str, sessions_bonus: int = 0, **extra):
    """The report of one unit of the personas' tree, from VALUES (plus `extra` overrides)."""
    members, workers, sessions, green, total, focal, score = VALUES[key]
    return full_values(**{
        "MEMBERS": members, "WORKERS": workers, "G3_SESSIONS": sessions + sessions_bonus,
        "G7_PROCUREMENT_GREEN": green, "G7_PROCUREMENT_TOTAL": total, "G1_FOCAL": focal,
        "G5_SELF_SCORE": score, **extra,
    })


def submit(tree, key: str, period, actor=None, bonus: int = 0, **extra):
    """Save and submit the report of `tree.<key>` for `period` (by the admin unless `actor`)."""
    unit = getattr(tree, key)
    actor = actor or tree.users.admin
    report = report_save(actor=actor, unit=unit, period=period, version=0,
                         values=values_for(key, bonus, **extra)).report
    return report_submit(actor=actor, unit=unit, period=period, version=report.version)


def plans_down_to_a1(tree):
    """The issued province plan copied down to HP-A and on to HP-A-01 (returns HP-A-01's draft):
    what a grassroots chair needs to record activities against plan items."""
    issue_province_plan(tree)
    plan_copy_down(actor=tree.users.admin, unit=tree.a)
    return plan_copy_down(actor=tree.users.admin, unit=tree.a1)


def issue_province_plan(tree):
    """The seed plan loaded for HP and issued, with item 7.3's target of green procurement ≥ 35 %."""
    plan = load_seed_plan(tree.root, actor=tree.users.admin)
    return plan_issue(actor=tree.users.admin, plan=plan, number="12", symbol="KH-LĐLĐ",
                      issued_on=datetime.date(2023, 11, 15), signer="Lương Xuân Trường")


def activity_data(**changes):
    data = {"kind": "tree_planting", "title": "Trồng cây xanh tại khuôn viên", "start_on": LAST_MONTH,
            "participants": 35, "cost": 4_500_000, "description": "Trồng 40 cây sao đen."}
    data.update(changes)
    return data


ACCOUNT_COLUMNS = list(COLUMNS.values())


# Four good rows of an account-import sheet for the admin of HP-A (spellings vary on purpose).
GOOD_ACCOUNTS = [
    ["tran.a", "Trần Văn A", "a@example.vn", "HP-A-01", "Nhập báo cáo", ""],
    ["Tran.B", "Trần Thị B", "", "hp-a-02", "Xem", "xanh-sach-dep-2030"],
    ["tran.c", "Trần Văn C", None, "HP-A", "quan tri", None],
    ["tran.d", "Trần Văn D", None, "HP-A", "approver", None],
]


def accounts_xlsx(rows, header: list | None = None, name: str = "tai-khoan.xlsx") -> SimpleUploadedFile:
    """An account-import sheet: the template's header, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ACCOUNT_COLUMNS if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())
