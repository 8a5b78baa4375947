from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from greenplan.reporting.rebuild import differences, rebuild


class Command(BaseCommand):
    help = "Tính lại mọi số tổng hợp từ số liệu gốc và báo cáo chênh lệch (--fix để ghi lại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="rewrite the stored totals")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fix"]:
            rows = rebuild()
            self.stdout.write(f"{rows} stored totals rebuilt")
            return
        found = differences()
        for diff in found[:20]:
            self.stdout.write(f"unit {diff.unit_id} {diff.period} {diff.scope}: stored {diff.stored} "
                              f"expected {diff.expected}")
        if found:
            raise CommandError(f"{len(found)} stored totals differ from the raw values")
        self.stdout.write("all stored totals match the raw values")
