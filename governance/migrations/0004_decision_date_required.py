"""Fill the new decision fields from the stored rows, then require the decision date.

* ``decision_date``: the meeting's (local) date, or the day a delegationsbeslut
  was recorded. The history rows get the same date.
* ``effective_at``: decisions in justerade minutes took effect at justering,
  delegationsbeslut when recorded (the effects were applied then, as before).
* ``initiative``: the ärende's initiative at the time of the decision.
"""

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    Decision = apps.get_model("governance", "Decision")
    HistoricalDecision = apps.get_model("governance", "HistoricalDecision")
    dates = {}
    for d in Decision.objects.select_related("meeting", "case"):
        at = d.meeting.starts_at if d.meeting_id else d.decided_at
        d.decision_date = timezone.localtime(at).date()
        dates[d.pk] = d.decision_date
        if d.meeting_id and d.meeting.signed_at:
            d.effective_at = d.meeting.signed_at
        else:
            # Before this migration every decision took effect when it was recorded:
            # its effects are applied already and must not run again at justering.
            d.effective_at = d.decided_at
        if d.case_id and d.case.initiative_id:
            d.initiative_id = d.case.initiative_id
        d.save(update_fields=["decision_date", "effective_at", "initiative"])
    for h in HistoricalDecision.objects.filter(decision_date__isnull=True):
        h.decision_date = dates.get(h.id) or timezone.localtime(h.decided_at).date()
        h.save(update_fields=["decision_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_decision_effect_recusal"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="decision_date",
            field=models.DateField(verbose_name="beslutsdatum"),
        ),
        migrations.AlterField(
            model_name="historicaldecision",
            name="decision_date",
            field=models.DateField(verbose_name="beslutsdatum"),
        ),
    ]
