"""Load the province plan of the seed document (groups 1–8, items 1.1–8.3) as a root unit's plan.

Safe to run twice: the second run changes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from greenplan.orgs.models import Unit
from greenplan.plans.seed import SEED_PLAN, load_seed_plan


class Command(BaseCommand):
    help = "Nạp kế hoạch hành động gốc (từ tệp dữ liệu) làm kế hoạch của đơn vị cấp cao nhất."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã đơn vị cấp cao nhất, ví dụ HP")
        parser.add_argument("--file", type=Path, default=SEED_PLAN, help="tệp JSON của kế hoạch")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["unit"].strip().upper()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị {code}.")
        if not options["file"].is_file():
            raise CommandError(f"Không đọc được tệp {options['file']}.")
        try:
            plan = load_seed_plan(unit, path=options["file"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Kế hoạch của {unit.code} (bản {plan.revision}, {plan.get_status_display()}): "
            f"{plan.groups.count()} nhóm, {plan.items.count()} mục."
        ))
