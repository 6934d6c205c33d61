# Report jobs use the shared portfolio.jobs.JobStatus: English stored values.
# The history rows (simple_history) are rewritten too, so old versions stay readable.

from django.db import migrations, models

# old Swedish stored value -> new English stored value
OLD_TO_NEW = {"koad": "queued", "pagar": "running", "klar": "done", "misslyckad": "failed"}


def rewrite(apps, mapping):
    for name in ("ReportJob", "HistoricalReportJob"):
        model = apps.get_model("reports", name)
        for old, new in mapping.items():
            model.objects.filter(status=old).update(status=new)


def forwards(apps, schema_editor):
    rewrite(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    rewrite(apps, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalreportjob',
            name='status',
            field=models.CharField(choices=[('queued', 'Köad'), ('running', 'Pågår'), ('done', 'Klar'), ('failed', 'Misslyckad')], default='queued', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='reportjob',
            name='status',
            field=models.CharField(choices=[('queued', 'Köad'), ('running', 'Pågår'), ('done', 'Klar'), ('failed', 'Misslyckad')], default='queued', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
