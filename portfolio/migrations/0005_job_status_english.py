# Import jobs use the shared portfolio.jobs.JobStatus: English stored values.

from django.db import migrations, models

# old Swedish stored value -> new English stored value
OLD_TO_NEW = {"koad": "queued", "pagar": "running", "klar": "done", "misslyckad": "failed"}


def rewrite(apps, mapping):
    ImportJob = apps.get_model("portfolio", "ImportJob")
    for old, new in mapping.items():
        ImportJob.objects.filter(status=old).update(status=new)


def forwards(apps, schema_editor):
    rewrite(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    rewrite(apps, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0004_imports'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importjob',
            name='status',
            field=models.CharField(choices=[('queued', 'Köad'), ('running', 'Pågår'), ('done', 'Klar'), ('failed', 'Misslyckad')], default='queued', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
