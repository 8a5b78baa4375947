"""Load the demo province (Hải Phòng) with an account per unit.

Safe to run twice: when the demo root `HP` exists it does nothing unless `--force`, which
deletes the demo subtree and its accounts and builds them again. `--if-empty` (used by
`make run`) does nothing when the database holds any unit at all.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from greenplan.accounts.models import User
from greenplan.demo import data
from greenplan.demo import units as demo
from greenplan.demo.activities import load_demo_activities
from greenplan.demo.emulation import load_demo_emulation
from greenplan.demo.plans import load_demo_plans
from greenplan.demo.practices import load_demo_practices
from greenplan.demo.reports import load_demo_reports, remove_demo_reports
from greenplan.demo.survey import load_demo_survey
from greenplan.orgs.models import Unit
from greenplan.plans.seed import remove_plans


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: LĐLĐ thành phố Hải Phòng, các đơn vị trực thuộc và tài khoản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any unit exists")
        parser.add_argument("--force", action="store_true", help="delete and rebuild the demo province")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
        parser.add_argument("--no-reports", action="store_true", help="units and accounts only, no reports")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có đơn vị: bỏ qua dữ liệu mẫu.")
            return
        if demo.demo_exists():
            if not options["force"]:
                self.stdout.write(f"Dữ liệu mẫu ({data.ROOT_CODE}) đã có; dùng --force để tạo lại.")
                return
            remove_demo_reports(Unit.objects.get(code=data.ROOT_CODE))
            remove_plans(Unit.objects.get(code=data.ROOT_CODE))
            demo.remove_demo()
        summary = demo.load_demo(seed=options["seed"])
        root = Unit.objects.get(code=data.ROOT_CODE)
        plans = load_demo_plans(root, User.objects.get(username=data.ADMIN_USERNAME))
        activities = load_demo_activities(root)
        load_demo_emulation(root)
        reports = None
        if not options["no_reports"]:
            reports = load_demo_reports(Unit.objects.get(code=data.ROOT_CODE), seed=options["seed"])
            load_demo_survey(root, seed=options["seed"])
        self.stdout.write(f"Đã tạo {load_demo_practices(root)} mô hình hay đã giới thiệu.")  # after the periods
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo {summary.units} đơn vị ({summary.superior} cấp trên, {summary.grassroots} cơ sở, "
            f"{summary.ended} đã giải thể/hợp nhất) và {summary.accounts} tài khoản "
            f"trong {summary.seconds:.1f} giây."
        ))
        self.stdout.write(f"Đã tạo {plans} kế hoạch hành động (kế hoạch của LĐLĐ thành phố đã ban hành) "
                          f"và {activities} hoạt động đã thực hiện.")
        if reports:
            self.stdout.write(
                f"Đã tạo {reports.periods} kỳ báo cáo và {reports.reports} báo cáo với {reports.values} số liệu."
            )
        if summary.kept_accounts:
            self.stdout.write(f"{summary.kept_accounts} tài khoản đã có từ trước được giữ nguyên mật khẩu.")
        self.stdout.write(
            f"Tài khoản: {data.ADMIN_USERNAME} (quản trị), mã đơn vị viết thường (vd. hp-kcn, hp-kcn-0001). "
            f"Mật khẩu chung / shared password: {data.PASSWORD}"
        )
