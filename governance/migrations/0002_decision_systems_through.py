"""Decision.systems gets an explicit through model whose system FK is PROTECT.

The table is the one of the implicit M2M (``governance_decision_systems``), so
only Django's state changes; see "Changing a ManyToManyField to use a through
model" in the Django docs.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("portfolio", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="DecisionSystem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="governance.decision",
                            ),
                        ),
                        (
                            "system",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portfolio.system",
                                verbose_name="system",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "system i beslut",
                        "verbose_name_plural": "system i beslut",
                        "db_table": "governance_decision_systems",
                        "unique_together": {("decision", "system")},
                    },
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="systems",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="decisions",
                        through="governance.DecisionSystem",
                        to="portfolio.system",
                    ),
                ),
            ],
        ),
    ]
