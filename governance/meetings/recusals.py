"""Jäv: record that an attendee takes no part in one § (and undo a mistake).

Recorded by the meeting's ordförande or sekreterare (CHANGE on the meeting),
for someone on the attendance list, with a reason, while the § is not
justerad. The rules then keep the member from giving the yttrande in the
ärende, recording its decision and justera the § (see ``rules.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.cases.services import require_value
from governance.choices import AgendaItemKind
from governance.meetings.guards import require_item_open, require_unsigned
from governance.meetings.models import APPLICANT_REASON
from governance.models import AgendaItem, Decision, Recusal
from portfolio import policy


@dataclass(frozen=True)
class JavLine:
    """One attendee who takes no part in a § (for the meeting page and the minutes)."""

    user: object
    reason: str
    recusal: Recusal | None  # None: the applicant, jävig without a recorded jäv

    @property
    def is_applicant(self) -> bool:
        return self.recusal is None


def jav_lines(item: AgendaItem, attendees: dict) -> list[JavLine]:
    """Recorded jäv in ``item``, and the ärende's applicant if they attend the meeting.

    ``attendees`` maps user id → user (the meeting's attendance list). Reads
    prefetched ``recusals__user`` and ``case__applicant`` when they are there.
    """
    lines = [JavLine(r.user, r.reason, r) for r in item.recusals.all()]
    recused = {line.user.pk for line in lines}
    applicant_id = item.case.applicant_id if item.case_id else None
    if applicant_id in attendees and applicant_id not in recused:
        lines.append(JavLine(attendees[applicant_id], str(APPLICANT_REASON), None))
    return lines


@transaction.atomic
def record_recusal(*, actor, item: AgendaItem, user, reason: str) -> Recusal:
    """ "X anmäler jäv och deltar inte i handläggningen" under this §."""
    policy.require(actor, policy.CHANGE, item)
    meeting = require_unsigned(item.meeting)
    require_item_open(item)
    if item.kind == AgendaItemKind.INFORMATION:
        raise ValidationError(
            _("Jäv anmäls i en punkt som ska beslutas, inte i en informationspunkt.")
        )
    if not meeting.attendance.filter(user=user).exists():
        raise ValidationError({"user": _("Bara den som finns på närvarolistan kan anmäla jäv.")})
    require_value(reason, {"reason": _("Skriv skälet till jävet.")})
    if Recusal.objects.filter(agenda_item=item, user=user).exists():
        raise ValidationError({"user": _("Jävet är redan anmält i punkten.")})
    decision = Decision.objects.filter(agenda_item=item).first()
    if decision is not None and decision.recorded_by_id == user.pk:
        raise ValidationError(
            {
                "user": _(
                    "%(person)s har registrerat beslutet i punkten och kan inte anmälas som "
                    "jävig i efterhand; ett beslut av en jävig ledamot rättas genom ett nytt "
                    "beslut."
                )
                % {"person": user.get_full_name() or user.get_username()}
            }
        )
    recusal = Recusal(agenda_item=item, user=user, reason=reason.strip(), recorded_by=actor)
    recusal._history_user = actor
    recusal.full_clean()
    recusal.save()
    return recusal


@transaction.atomic
def remove_recusal(*, actor, recusal: Recusal) -> None:
    """Undo a jäv recorded by mistake, while the § is not justerad."""
    policy.require(actor, policy.CHANGE, recusal)
    require_unsigned(recusal.agenda_item.meeting)
    require_item_open(recusal.agenda_item)
    recusal._history_user = actor
    recusal.delete()
