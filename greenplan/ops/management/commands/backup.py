"""`manage.py backup [--output DIR]`: the database and the uploaded files in one .tar.gz."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from greenplan.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and MEDIA_ROOT into one .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"),
                            help="directory for the archive (default VAR_DIR/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(Path(options["output"]), database=settings.DATABASES["default"],
                                    media_root=Path(settings.MEDIA_ROOT), progress=self._progress(options))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(archive))

    def _progress(self, options: dict[str, Any]) -> Any:
        def say(message: str) -> None:
            if options["verbosity"]:
                self.stderr.write(message)
        return say
