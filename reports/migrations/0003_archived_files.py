# Every file of a report job becomes an archived ReportFile with its SHA-256.
# The job's PDF (job.file) moves to a ReportFile of kind "pdf"; earlier jobs
# have no stored XLSX (it was rebuilt on download), so none is invented here.
# The job also gets the chosen comparison group (jämförelsegrupp).

import django.db.models.deletion
import django.utils.timezone
import reports.models
from django.db import migrations, models


def move_files(apps, schema_editor):
    import hashlib

    from django.core.files.storage import default_storage

    ReportJob = apps.get_model("reports", "ReportJob")
    ReportFile = apps.get_model("reports", "ReportFile")
    for job in ReportJob.objects.exclude(file="").exclude(file__isnull=True).iterator():
        try:
            with default_storage.open(job.file.name, "rb") as handle:
                data = handle.read()
        except OSError:
            continue  # the file is gone: nothing to archive
        ReportFile.objects.create(
            job=job,
            kind="pdf",
            file=job.file.name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            page_count=job.page_count,
            pdf_variant=job.pdf_variant,
            created_at=job.finished_at or job.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0005_job_status_english"),
        ("reports", "0002_job_status_english"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreportjob",
            name="comparison_samverkan",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="IT-bokslutets jämförelse: medlemskommunerna i denna samverkan. Tom betyder alla kommuner i portalen (kommunen ingår inte i någon samverkan).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portfolio.samverkansorganisation",
                verbose_name="jämförelsegrupp",
            ),
        ),
        migrations.AddField(
            model_name="reportjob",
            name="comparison_samverkan",
            field=models.ForeignKey(
                blank=True,
                help_text="IT-bokslutets jämförelse: medlemskommunerna i denna samverkan. Tom betyder alla kommuner i portalen (kommunen ingår inte i någon samverkan).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portfolio.samverkansorganisation",
                verbose_name="jämförelsegrupp",
            ),
        ),
        migrations.CreateModel(
            name="ReportFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("pdf", "PDF"),
                            ("final_pdf", "Fastställd PDF"),
                            ("xlsx", "Nyckeltal (XLSX)"),
                            ("html", "HTML-källa"),
                        ],
                        max_length=20,
                        verbose_name="filtyp",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=300,
                        upload_to=reports.models.report_upload_to,
                        verbose_name="fil",
                    ),
                ),
                ("sha256", models.CharField(max_length=64, verbose_name="kontrollsumma (SHA-256)")),
                ("size", models.PositiveIntegerField(verbose_name="filstorlek (byte)")),
                (
                    "page_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="antal sidor"),
                ),
                (
                    "pdf_variant",
                    models.CharField(
                        blank=True,
                        choices=[("pdf/a-3u", "PDF/A-3u (arkivformat)"), ("pdf", "PDF")],
                        max_length=20,
                        verbose_name="PDF-variant",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="skapad"),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="files",
                        to="reports.reportjob",
                        verbose_name="rapport",
                    ),
                ),
            ],
            options={
                "verbose_name": "arkiverad rapportfil",
                "verbose_name_plural": "arkiverade rapportfiler",
                "ordering": ["job", "kind"],
                "constraints": [
                    models.UniqueConstraint(fields=("job", "kind"), name="uniq_report_file_kind")
                ],
            },
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalreportjob",
            name="file",
        ),
        migrations.RemoveField(
            model_name="historicalreportjob",
            name="file_size",
        ),
        migrations.RemoveField(
            model_name="historicalreportjob",
            name="page_count",
        ),
        migrations.RemoveField(
            model_name="historicalreportjob",
            name="pdf_variant",
        ),
        migrations.RemoveField(
            model_name="reportjob",
            name="file",
        ),
        migrations.RemoveField(
            model_name="reportjob",
            name="file_size",
        ),
        migrations.RemoveField(
            model_name="reportjob",
            name="page_count",
        ),
        migrations.RemoveField(
            model_name="reportjob",
            name="pdf_variant",
        ),
    ]
