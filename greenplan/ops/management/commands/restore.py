"""`manage.py restore ARCHIVE --yes`: replace the database and MEDIA_ROOT with a backup's.

Stop the server and the task worker first. Without --yes nothing happens.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from greenplan.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup`: the database and MEDIA_ROOT are REPLACED. "
            "Stop the server and the worker first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="confirm: replace the current data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(_("Khôi phục sẽ thay thế toàn bộ dữ liệu và tệp tải lên hiện có. "
                                 "Dừng máy chủ và tiến trình xử lý nền, rồi chạy lại với --yes để xác nhận."))
        connections.close_all()  # the database is replaced under this process
        try:
            backup_restore(Path(options["archive"]), database=settings.DATABASES["default"],
                           media_root=Path(settings.MEDIA_ROOT), progress=self._progress(options))
        except BackupError as error:
            raise CommandError(str(error)) from None

    def _progress(self, options: dict[str, Any]) -> Any:
        def say(message: str) -> None:
            if options["verbosity"]:
                self.stderr.write(message)
        return say
