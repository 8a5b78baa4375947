# The stored totals are part of the reporting write path: the Rollup model moves here from
# analytics. Only Django's state changes; the table keeps its name (analytics_rollup) and rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_unit_unit_depth_path'),
        ('reporting', '0007_detached_event'),
        ('analytics', '0002_classification'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Rollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(max_length=6)),
                        ('scope', models.CharField(choices=[('counted', 'submitted+approved'), ('approved', 'approved')], max_length=8)),
                        ('reports', models.IntegerField(default=0)),
                        ('on_time', models.IntegerField(default=0)),
                        ('data', models.JSONField(default=dict)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rollups', to='orgs.unit')),
                    ],
                    options={
                        'db_table': 'analytics_rollup',
                        'constraints': [models.UniqueConstraint(fields=('unit', 'period', 'scope'), name='rollup_unit_period_scope'), models.CheckConstraint(condition=models.Q(('reports__gte', 0)), name='rollup_reports_nonnegative')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
