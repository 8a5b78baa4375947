# The Rollup model moved to reporting (reporting.0008); its table stays as it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0002_classification'),
        ('reporting', '0008_rollup'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Rollup')],
            database_operations=[],
        ),
    ]
