"""The network's Mognadsrapport (issue 15) as a report kind."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_it_plan_reports'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalreportjob',
            name='kind',
            field=models.CharField(choices=[('it_bokslut', 'IT-bokslut'), ('handlingsplan', 'Handlingsplan'), ('mognadsrapport', 'Mognadsrapport')], max_length=20, verbose_name='rapporttyp'),
        ),
        migrations.AlterField(
            model_name='reportjob',
            name='kind',
            field=models.CharField(choices=[('it_bokslut', 'IT-bokslut'), ('handlingsplan', 'Handlingsplan'), ('mognadsrapport', 'Mognadsrapport')], max_length=20, verbose_name='rapporttyp'),
        ),
    ]
