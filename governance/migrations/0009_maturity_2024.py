"""Ship the 2024 survey of seed 003 and its published baseline (governance.maturity.fyrbodal2024)."""

from django.db import migrations

NAME = "Status för digitalisering i Fyrbodals kommuner"


def install(apps, schema_editor):
    from governance.maturity import fyrbodal2024

    models = {
        name: apps.get_model("governance", name)
        for name in ("Questionnaire", "Section", "Question", "Option")
    }
    fyrbodal2024.install(models)


def remove(apps, schema_editor):
    Questionnaire = apps.get_model("governance", "Questionnaire")
    Questionnaire.objects.filter(name=NAME, year=2024, campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0008_maturity_survey")]

    operations = [migrations.RunPython(install, remove)]
