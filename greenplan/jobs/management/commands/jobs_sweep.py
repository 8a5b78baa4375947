"""Fail jobs whose worker died and remove uploads no job needs. Safe to run twice; the worker
(`manage.py db_worker`) also does it at start-up and every few seconds."""

from typing import Any

from django.core.management.base import BaseCommand

from greenplan.jobs.sweep import jobs_sweep


class Command(BaseCommand):
    help = "Fail background jobs whose worker died and remove uploaded files that no job needs."

    def handle(self, *args: Any, **options: Any) -> None:
        failed, removed = jobs_sweep()
        if options["verbosity"]:
            self.stdout.write(f"{failed} dead job(s) failed, {removed} file(s) removed.")
