from django.db import migrations

from greenplan.reporting.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(apps.get_model("reporting", "Indicator"), apps.get_model("reporting", "ValidationRule"))


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
