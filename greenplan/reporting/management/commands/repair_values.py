from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from greenplan.reporting.repair import bad_values, bad_values_repair


class Command(BaseCommand):
    help = (
        "Tìm số liệu báo cáo đã lưu không đọc được hoặc vượt giới hạn lưu trữ (mặc định chỉ liệt kê); "
        "--fix xóa chúng, ghi vào lịch sử báo cáo để đơn vị nhập lại, và tính lại số tổng hợp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="only list them (the default)")
        mode.add_argument("--fix", action="store_true", help="remove them and log it on each report's timeline")

    def handle(self, *args: Any, **options: Any) -> None:
        found = bad_values()
        for bad in found:
            self.stdout.write(f"{bad.unit} {bad.period} {bad.indicator}: {bad.raw} — {bad.reason}")
        if not found:
            self.stdout.write("every stored value reads back exactly")
            return
        if not options["fix"]:
            raise CommandError(f"{len(found)} stored values cannot be read back exactly; run with --fix to remove them")
        rebuilt = bad_values_repair(found)
        reports = len({bad.report_id for bad in found})
        self.stdout.write(f"{len(found)} values removed from {reports} reports"
                          + ("; stored totals rebuilt" if rebuilt else ""))
