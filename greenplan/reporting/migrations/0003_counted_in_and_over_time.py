from django.db import migrations, models

from greenplan.reporting.catalogue import OVER_TIME


def set_over_time(apps, schema_editor):
    Indicator = apps.get_model("reporting", "Indicator")
    for code, rule in OVER_TIME.items():
        Indicator.objects.filter(code=code).update(over_time=rule)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_catalogue")]

    operations = [
        migrations.RemoveField(model_name="report", name="ancestor_paths"),
        migrations.AddField(
            model_name="report", name="counted_in", field=models.JSONField(blank=True, default=list)
        ),
        migrations.AddField(
            model_name="indicator",
            name="over_time",
            field=models.CharField(
                choices=[
                    ("sum", "Cộng dồn các kỳ (số phát sinh)"),
                    ("last", "Lấy kỳ gần nhất (số tại thời điểm)"),
                    ("max", "Có nếu có ở bất kỳ kỳ nào"),
                ],
                default="sum",
                max_length=4,
                verbose_name="gộp các kỳ trong năm",
            ),
        ),
        migrations.RunPython(set_over_time, migrations.RunPython.noop),
    ]
