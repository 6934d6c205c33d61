"""Justering: the justerare signs the minutes, or one § of them (omedelbar justering).

A council decision takes effect here, in the justering's transaction: the
ärende moves (upphandling, avslaget, återremiss …), the initiative follows, and
the applicant, upphandlingscenter and the IT-enhet are e-mailed on commit.
Before the justering nobody outside the meeting is told anything, so a
justerare who objects has not been overtaken by procurement.

Omedelbar justering (common practice for urgent matters): the justerare
justerar one § on its own, after the meeting, before the rest of the minutes;
the § takes effect then, is frozen, and the minutes say "Paragrafen förklaras
omedelbart justerad." The rest of the minutes can still be worked on until the
whole is justerad.

Minutes are justerade only after the meeting has taken place, and never by a
justerare who is jävig in a § that is being justerad (choose another justerare).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import AgendaItemKind
from governance.meetings import minutes
from governance.meetings.decisions import take_effect
from governance.meetings.guards import (
    require_held,
    require_no_disqualification_in,
    require_not_disqualified,
    require_unsigned,
)
from governance.models import Decision, Meeting
from portfolio import policy


@transaction.atomic
def sign_minutes(*, actor, meeting: Meeting) -> Meeting:
    """Justering: the justerare signs; every § not yet in effect takes effect now.

    The minutes and their decisions become immutable; the minutes PDF is made
    on commit.
    """

    policy.require(actor, policy.VIEW, meeting)
    if meeting.adjuster_id == actor.pk:  # the justerare, but jävig: say where
        require_no_disqualification_in(meeting, actor, _("justera protokollet"))
    policy.require(actor, policy.SIGN, meeting)
    meeting = require_unsigned(meeting)
    require_held(meeting)
    if not meeting.decisions.exists():
        raise ValidationError(_("Protokollet har inga beslut att justera."))
    undecided = meeting.items.filter(kind=AgendaItemKind.CASE, decision__isnull=True)
    if undecided.exists():
        raise ValidationError(
            _("Alla ärenden på föredragningslistan måste ha ett beslut innan justering.")
        )
    pending = meeting.decisions.filter(effective_at__isnull=True).select_related(
        "case", "initiative", "council"
    )
    for decision in pending.order_by("number"):
        take_effect(actor=actor, decision=decision)
        decision._history_user = actor
        decision.save()
    meeting.signed_at = timezone.now()
    meeting.signed_by = actor
    meeting._history_user = actor
    meeting.save()
    minutes.queue_minutes(meeting)
    return meeting


@transaction.atomic
def adjust_decision(*, actor, decision: Decision) -> Decision:
    """Omedelbar justering: the justerare justerar this § alone; it takes effect now."""
    policy.require(actor, policy.VIEW, decision)
    if decision.agenda_item_id is not None and decision.meeting.adjuster_id == actor.pk:
        require_not_disqualified(decision.agenda_item, actor, _("justera paragrafen"))
    policy.require(actor, policy.SIGN, decision)
    meeting = require_unsigned(decision.meeting)
    require_held(meeting)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.adjusted_at is not None or decision.effective_at is not None:
        raise ValidationError(_("Paragrafen är redan justerad."))
    take_effect(actor=actor, decision=decision)
    decision.adjusted_at = decision.effective_at
    decision.adjusted_by = actor
    decision._history_user = actor
    decision.save()
    return decision
