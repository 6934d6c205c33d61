"""State changes of the governance process (seed 004). Views and tasks call these.

Every function takes keyword-only arguments with an ``actor``, checks the
policy, runs in one transaction and records the step in the ärende's history.

The steps of an ärende::

    anmälan --samråd--> (remiss) --> beredning --yttrande--> beredd --beslut--> upphandling
                                                                        \\--> avslaget
    återremiss: back to beredning.  bordläggning: stays beredd.
    brådskande (with a written reason, after samråd): may be decided without beredning.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import (
    AckParty,
    CaseEventKind,
    CaseStatus,
)
from governance.models import (
    Case,
    CaseEvent,
    Council,
    Decision,
)
from governance.numbering import next_number
from portfolio import policy


def require_value(value, message):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(message)


# --- Ärenden ---------------------------------------------------------------------


def add_case_event(case, *, kind, actor, from_status, comment="", party=""):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=case.status,
        comment=comment,
        party=party,
    )


def lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def require_no_pending_decision(case: Case) -> None:
    """A recorded decision waits for its justering: the ärende stays where it is until then."""
    if Decision.objects.filter(case=case, effective_at__isnull=True).exists():
        raise ValidationError(
            _(
                "Ärendet har ett registrerat beslut som väntar på justering; det gäller när "
                "protokollet är justerat."
            )
        )


@transaction.atomic
def submit_case(*, actor, form) -> Case:
    """Step 1, anmälan: register the need (from a validated ``CaseForm``)."""
    case = form.save(commit=False)
    policy.require_add(actor, Case, kommun_id=case.kommun_id, forvaltning=case.forvaltning)
    case.applicant = actor
    case.year = timezone.localdate().year
    case.number = next_number(f"case:{case.kommun_id}", case.year)
    case.status = CaseStatus.ANMALAN
    case._history_user = actor
    case.full_clean()
    case.save()
    form.save_m2m()
    add_case_event(case, kind=CaseEventKind.SUBMITTED, actor=actor, from_status=CaseStatus.ANMALAN)
    policy.require_still_visible(actor, case)
    return case


@transaction.atomic
def update_case(*, actor, form) -> Case:
    case = form.instance
    policy.require(actor, policy.CHANGE, case)
    if lock_case(case).status != CaseStatus.ANMALAN:
        raise ValidationError(_("Ärendet har gått vidare från anmälan och kan inte ändras."))
    case = form.save(commit=False)
    case._history_user = actor
    case.full_clean()
    case.save()
    form.save_m2m()
    add_case_event(case, kind=CaseEventKind.EDITED, actor=actor, from_status=case.status)
    return case


@transaction.atomic
def record_consultation(*, actor, case: Case, comment: str) -> Case:
    """Step 1: the IT-strateg records that they have been consulted (samråd)."""
    policy.require(actor, policy.MANAGE, case)
    case = lock_case(case)
    if case.status != CaseStatus.ANMALAN:
        raise ValidationError(_("Samråd registreras medan ärendet är en anmälan."))
    if case.consulted_at is not None:
        raise ValidationError(_("Samrådet är redan registrerat."))
    require_value(comment, _("Skriv en kommentar från samrådet."))
    case.consulted_at = timezone.now()
    case.consulted_by = actor
    case.consultation_comment = comment
    case._history_user = actor
    case.save()
    add_case_event(
        case, kind=CaseEventKind.CONSULTED, actor=actor, from_status=case.status, comment=comment
    )
    return case


@transaction.atomic
def send_to_remiss(*, actor, case: Case, council: Council, comment: str = "") -> Case:
    """Step 2: send the ärende on remiss to the IT-strategiska beredningsgruppen."""
    policy.require(actor, policy.MANAGE, case)
    case = lock_case(case)
    require_no_pending_decision(case)
    if case.status != CaseStatus.ANMALAN:
        raise ValidationError(_("Bara en anmälan kan skickas på remiss."))
    if case.consulted_at is None:
        raise ValidationError(_("IT-strategen måste ha registrerat samråd innan remiss."))
    if not council.is_active:
        raise ValidationError(_("Rådet är inte aktivt och kan inte vara remissinstans."))
    if case.kommun_id not in council.kommun_ids():
        raise ValidationError(_("Remissinstansen måste höra till ärendets kommun."))
    case.status = CaseStatus.BEREDNING
    case.remiss_council = council
    case._history_user = actor
    case.save()
    add_case_event(
        case,
        kind=CaseEventKind.SENT_TO_REMISS,
        actor=actor,
        from_status=CaseStatus.ANMALAN,
        comment=comment or str(council),
    )
    return case


@transaction.atomic
def record_opinion(*, actor, case: Case, opinion: str, anchored: bool = False) -> Case:
    """Step 2: the beredningsgrupp's yttrande; the ärende is then ready for decision."""
    policy.require(actor, policy.REVIEW, case)
    case = lock_case(case)
    require_no_pending_decision(case)
    if case.status != CaseStatus.BEREDNING:
        raise ValidationError(_("Yttrande lämnas medan ärendet är på beredning."))
    require_value(opinion, _("Skriv beredningsgruppens yttrande."))
    case.opinion = opinion
    case.opinion_at = timezone.now()
    case.opinion_by = actor
    case.anchored_in_ledningsgrupp = anchored
    case.status = CaseStatus.BEREDD
    case._history_user = actor
    case.save()
    add_case_event(case, kind=CaseEventKind.OPINION, actor=actor, from_status=CaseStatus.BEREDNING)
    return case


@transaction.atomic
def mark_urgent(*, actor, case: Case, reason: str) -> Case:
    """Let an ärende be decided without a finished beredning, with a written reason."""
    policy.require(actor, policy.MANAGE, case)
    case = lock_case(case)
    if case.status not in (CaseStatus.ANMALAN, CaseStatus.BEREDNING):
        raise ValidationError(_("Bara ett ärende före beslut kan markeras som brådskande."))
    if case.consulted_at is None:
        raise ValidationError(_("Ett ärende kan markeras som brådskande först efter samrådet."))
    if case.urgent:
        raise ValidationError(_("Ärendet är redan markerat som brådskande."))
    require_value(reason, _("Skriv skälet till att ärendet är brådskande."))
    case.urgent = True
    case.urgent_reason = reason
    case._history_user = actor
    case.save()
    add_case_event(
        case, kind=CaseEventKind.URGENT, actor=actor, from_status=case.status, comment=reason
    )
    return case


@transaction.atomic
def withdraw_case(*, actor, case: Case, comment: str) -> Case:
    policy.require(actor, policy.CHANGE, case)
    case = lock_case(case)
    require_no_pending_decision(case)
    if case.status not in (CaseStatus.ANMALAN, CaseStatus.BEREDNING, CaseStatus.BEREDD):
        raise ValidationError(_("Ett beslutat ärende kan inte återkallas."))
    if case.agenda_items.filter(decision__isnull=True, meeting__signed_at__isnull=True).exists():
        raise ValidationError(_("Ta först bort ärendet från föredragningslistan."))
    from_status = case.status
    case.status = CaseStatus.ATERKALLAT
    case._history_user = actor
    case.save()
    add_case_event(
        case, kind=CaseEventKind.WITHDRAWN, actor=actor, from_status=from_status, comment=comment
    )
    return case


@transaction.atomic
def acknowledge_procurement(*, actor, case: Case, party: str, comment: str) -> Case:
    """Step 4: record that upphandlingscenter or the IT-enhet acknowledged the decision."""
    policy.require(actor, policy.MANAGE, case)
    case = lock_case(case)
    if case.status != CaseStatus.UPPHANDLING:
        raise ValidationError(_("Kvittens registreras när ärendet är i upphandlingssteget."))
    require_value(comment, _("Skriv vem som kvitterade och hur."))
    now = timezone.now()
    if party == AckParty.UPPHANDLING:
        if case.procurement_ack_at:
            raise ValidationError(_("Upphandlingscenter har redan kvitterat."))
        case.procurement_ack_at = now
    elif party == AckParty.IT_ENHET:
        if case.it_ack_at:
            raise ValidationError(_("IT-enheten har redan kvitterat."))
        case.it_ack_at = now
    else:
        raise ValidationError(_("Okänd part."))
    from_status = case.status
    if case.procurement_ack_at and case.it_ack_at:
        case.status = CaseStatus.AVSLUTAT
    case._history_user = actor
    case.save()
    add_case_event(
        case,
        kind=CaseEventKind.ACKNOWLEDGED,
        actor=actor,
        from_status=from_status,
        comment=comment,
        party=party,
    )
    return case
