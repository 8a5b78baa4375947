"""Build a synthetic national tree (root TLD) for load tests and measurements."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from greenplan.accounts.models import Role
from greenplan.demo import data, generate
from greenplan.demo.units import create_accounts
from greenplan.orgs.models import Unit


class Command(BaseCommand):
    help = "Tạo cây tổ chức toàn quốc giả lập (gốc TLD) để thử tải và đo hiệu năng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--grassroots", type=int, required=True, help="number of grassroots units")
        parser.add_argument("--provinces", type=int, default=len(data.PROVINCES))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=generate.BATCH_SIZE)
        parser.add_argument("--replace", action="store_true", help="delete an existing TLD tree first")
        parser.add_argument("--accounts", action="store_true",
                            help=f"an account per unit (lower-case code, password {data.PASSWORD})")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["grassroots"] <= 1_000_000 or not 0 < options["provinces"] <= 999:
            raise CommandError("--grassroots must be 1..1000000 and --provinces 1..999")
        if generate.national_root() is not None:
            if not options["replace"]:
                raise CommandError(f"Cây {data.NATIONAL_CODE} đã có; dùng --replace để tạo lại.")
            started = time.perf_counter()
            deleted = generate.remove_national()
            self.stdout.write(f"Đã xoá {deleted} bản ghi trong {time.perf_counter() - started:.1f} giây.")
        started = time.perf_counter()
        written = generate.generate(generate.Options(
            grassroots=options["grassroots"], provinces=options["provinces"],
            seed=options["seed"], batch_size=options["batch_size"],
        ))
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo {written} đơn vị ({options['grassroots']} cơ sở) trong "
            f"{time.perf_counter() - started:.1f} giây."
        ))
        if options["accounts"]:
            self._accounts()

    def _accounts(self) -> None:
        started = time.perf_counter()
        root = Unit.objects.get(code=data.NATIONAL_CODE)
        created, kept = create_accounts(root, (data.NATIONAL_CODE.lower(), Role.ADMIN, data.NATIONAL_NAME))
        self.stdout.write(
            f"Đã tạo {created} tài khoản ({kept} đã có) trong {time.perf_counter() - started:.1f} giây; "
            f"mật khẩu chung: {data.PASSWORD}"
        )
