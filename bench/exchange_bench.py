"""1,000 filled report templates imported in one upload (issue #11, target ≤ 60 s).

    DATABASE_URL=sqlite:///var/bench-exchange.sqlite3 .venv/bin/python bench/exchange_bench.py --files 1000

It empties the database (use a scratch one), migrates, writes a province with 10 districts of
--files/10 grassroots unions, makes one filled template per grassroots union (every required
value, as a unit would type them: the template generator with the values in it, the same file
a download filled offline is), zips them, then times the import as a user gets it: the upload
stored (`reports_import_start`) and the background job run to its end — reading, checking and
saving every file through `report_save` — with django-tasks' immediate backend, so the job runs
in this process. It prints the total, the time per file, and checks that every report holds
its values.
"""

import argparse
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="exchange-bench-"))

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.demo.bulk import Lookups, Spec, iter_units, next_root_path, write_units  # noqa: E402
from greenplan.exchange import template as T  # noqa: E402
from greenplan.exchange.imports import reports_import_start  # noqa: E402
from greenplan.jobs.models import Job  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.reporting import values as V  # noqa: E402
from greenplan.reporting.models import Period, Report, ReportValue  # noqa: E402
from greenplan.testing.factories import filled_values  # noqa: E402


def say(line: str) -> None:
    print(line, flush=True)


def build(grassroots: int) -> tuple[User, list[Unit], Period]:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    root = Spec("BENCH", "Liên đoàn Lao động tỉnh Thử nghiệm", "province")
    per_district = max(1, grassroots // 10)
    for d in range(1, 11):
        district = root.add(Spec(f"BENCH-{d:02d}", f"Liên đoàn Lao động huyện {d}", "district"))
        for g in range(1, per_district + 1):
            district.add(Spec(f"BENCH-{d:02d}-{g:04d}", f"Công đoàn cơ sở {d}.{g}", "grassroots", members=50,
                              workers=60))
    write_units(iter_units(root, next_root_path(), Lookups()))
    period = Period.objects.create(code="2026H1", year=2026, half=1, start="2026-01-01", end="2026-06-30",
                                   cutoff="2026-06-15", deadline="2026-07-15", is_open=True)
    user = User.objects.create_user(username="bench", password="green-2030", full_name="Bench")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="BENCH"), role=Role.APPROVER)
    units = list(Unit.objects.filter(kind__code="grassroots").select_related("kind").order_by("path"))
    return user, units, period


def templates_zip(units: list[Unit], period: Period) -> bytes:
    catalogue = V.catalogue_for(units[0])
    values = V.derive(catalogue, filled_values())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit in units:
            data = T.TemplateData(unit, period, list(catalogue.indicators.values()), values, 0)
            archive.writestr(T.template_filename(unit, period), T.template_xlsx(data))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    user, units, period = build(args.files)
    say(f"{len(units)} grassroots unions written ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    bundle = templates_zip(units, period)
    made = time.perf_counter() - started
    say(f"{len(units)} filled templates made, zipped {len(bundle) / 1e6:.1f} MB ({made:.1f} s)")

    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    job = reports_import_start(actor=user, uploads=[SimpleUploadedFile("mau-bao-cao.zip", bundle)])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    job = Job.objects.get(pk=job.pk)
    imported = len(job.result.get("imported", []))
    say(f"import: {imported} files imported, {len(job.result.get('refused', []))} refused, status {job.status}")
    say(f"import of {len(units)} filled templates: {elapsed:.1f} s ({elapsed / len(units) * 1000:.1f} ms a file)"
        f" — target ≤ 60 s for 1,000; CPU time of this process {cpu:.1f} s; load average {load:.1f} at the"
        f" start, {os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores)")
    reports = Report.objects.filter(period=period).count()
    members = ReportValue.objects.filter(report__period=period, indicator__code="MEMBERS", value=50).count()
    assert imported == len(units) == reports == members, (imported, len(units), reports, members)


if __name__ == "__main__":
    main()
