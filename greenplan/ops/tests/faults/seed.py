"""Fills the fault tests' throwaway database (run as a script, with the stack's environment).

    DATABASE_URL=postgres://… python greenplan/ops/tests/faults/seed.py OUT_DIR

Migrates, then writes a province FLT with district FLT-01 (SAVE_UNITS grassroots unions whose
reports the tests save and submit; the first half already filled, ready to submit) and district
FLT-02 (IMPORT_UNITS unions with one filled template each, zipped into OUT_DIR/import.zip), the
open period 2026H1 and the account `flt-admin` (approver on FLT, password green-2030).
"""

import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.demo.bulk import Lookups, Spec, iter_units, next_root_path, write_units  # noqa: E402
from greenplan.exchange import template as T  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.reporting import values as V  # noqa: E402
from greenplan.reporting.models import Period  # noqa: E402
from greenplan.reporting.services import report_save  # noqa: E402
from greenplan.testing.factories import filled_values  # noqa: E402

SAVE_UNITS = 12
IMPORT_UNITS = 150
PASSWORD = "green-2030"


def main(out: Path) -> None:
    call_command("migrate", verbosity=0)
    root = Spec("FLT", "Liên đoàn Lao động tỉnh Sự cố", "province")
    for number, count in ((1, SAVE_UNITS), (2, IMPORT_UNITS)):
        district = root.add(Spec(f"FLT-{number:02d}", f"Liên đoàn Lao động huyện {number}", "district"))
        for g in range(1, count + 1):
            district.add(Spec(f"FLT-{number:02d}-{g:04d}", f"Công đoàn cơ sở {number}.{g}", "grassroots",
                              members=50, workers=60))
    write_units(iter_units(root, next_root_path(), Lookups()))
    period = Period.objects.create(code="2026H1", year=2026, half=1, start="2026-01-01", end="2026-06-30",
                                   cutoff="2026-06-15", deadline="2026-07-15", is_open=True)
    admin = User.objects.create_user(username="flt-admin", password=PASSWORD, full_name="Người thử sự cố")
    Membership.objects.create(user=admin, unit=Unit.objects.get(code="FLT"), role=Role.APPROVER)
    ready = list(Unit.objects.filter(code__startswith="FLT-01-").order_by("code"))[: SAVE_UNITS // 2]
    for unit in ready:
        report_save(actor=admin, unit=unit, period=period, version=0, values=filled_values())
    importing = list(Unit.objects.filter(code__startswith="FLT-02-").select_related("kind").order_by("code"))
    catalogue = V.catalogue_for(importing[0])
    values = V.derive(catalogue, filled_values())
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit in importing:
            data = T.TemplateData(unit, period, list(catalogue.indicators.values()), values, 0)
            archive.writestr(T.template_filename(unit, period), T.template_xlsx(data))
    (out / "import.zip").write_bytes(bundle.getvalue())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
