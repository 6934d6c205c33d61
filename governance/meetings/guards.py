"""Checks the meeting services share: unsigned minutes, a meeting that has taken
place, a § that is not yet justerad, and jäv.

The permission side of jäv is in the rules (``governance/meetings/rules.py``
``disqualified_items``, ``governance/cases/rules.py``); these checks give the
service's refusal a precise Swedish message naming the §.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import AgendaItemKind
from governance.models import AgendaItem, Decision, Meeting, SignedMinutesError


def require_unsigned(meeting: Meeting) -> Meeting:
    """Lock the meeting row; refuse if its minutes are justerade."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_signed():
        raise SignedMinutesError()
    return locked


def has_taken_place(meeting: Meeting) -> bool:
    return meeting.starts_at <= timezone.now()


def require_held(meeting: Meeting) -> None:
    """Minutes, or a § of them, are justerade only after the meeting has taken place."""
    if not has_taken_place(meeting):
        raise ValidationError(
            _(
                "Sammanträdet har inte ägt rum än (%(when)s). Protokollet kan justeras först "
                "efter sammanträdet."
            )
            % {"when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")}
        )


def require_item_open(item: AgendaItem) -> None:
    """A § that is omedelbart justerad is frozen, even while the rest of the minutes is not."""
    if Decision.objects.filter(agenda_item_id=item.pk, adjusted_at__isnull=False).exists():
        raise ValidationError(
            _("Paragrafen är omedelbart justerad och kan inte ändras."), code="signed"
        )


def _label(item: AgendaItem) -> str:
    decision = Decision.objects.filter(agenda_item_id=item.pk).first()
    return f"{decision.paragraph} {item.title}" if decision else item.title


def require_not_disqualified(item: AgendaItem, user, doing: str) -> None:
    """Refuse ``user`` if they are jävig in ``item`` (a recorded jäv, or the applicant)."""
    reason = item.disqualified().get(user.pk)
    if reason is not None:
        raise ValidationError(
            _("%(person)s är jävig i %(item)s (%(reason)s) och får inte %(doing)s.")
            % {
                "person": user.get_full_name() or user.get_username(),
                "item": _label(item),
                "reason": reason,
                "doing": doing,
            },
            code="jav",
        )


def require_no_disqualification_in(meeting: Meeting, user, doing: str) -> None:
    """Refuse ``user`` if they are jävig in any § of the meeting not yet justerad."""
    items = (
        meeting.items.exclude(kind=AgendaItemKind.INFORMATION)
        .exclude(decision__adjusted_at__isnull=False)
        .select_related("case")
        .prefetch_related("recusals")
    )
    for item in items:
        require_not_disqualified(item, user, doing)
