"""State changes for organisations and roles. Views and tests call these.

Every service takes the acting user as ``actor``, checks the policy, and runs
in one transaction. The acting user is written into the audit history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.models import Forvaltning, Kommun, RoleAssignment, Samverkansorganisation


def _scope_object(kommun, forvaltning, samverkan):
    scopes = [s for s in (kommun, forvaltning, samverkan) if s is not None]
    if len(scopes) != 1:
        raise ValidationError(
            _("Välj exakt en omfattning: en kommun, en förvaltning eller en samverkan.")
        )
    return scopes[0]


@transaction.atomic
def assign_role(
    *,
    actor,
    user,
    role: str,
    kommun: Kommun | None = None,
    forvaltning: Forvaltning | None = None,
    samverkan: Samverkansorganisation | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> RoleAssignment:
    """Give ``user`` a role scoped to one kommun, förvaltning or samverkan."""
    _scope_object(kommun, forvaltning, samverkan)
    policy.require_add(
        actor,
        RoleAssignment,
        kommun_id=kommun.pk if kommun else None,
        forvaltning=forvaltning,
        samverkan_id=samverkan.pk if samverkan else None,
    )
    assignment = RoleAssignment(
        user=user,
        role=role,
        kommun=kommun,
        forvaltning=forvaltning,
        samverkan=samverkan,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
    )
    assignment.full_clean()
    duplicate = RoleAssignment.objects.filter(
        user=user,
        role=role,
        kommun=kommun,
        forvaltning=forvaltning,
        samverkan=samverkan,
        valid_until__isnull=True,
    ).exists()
    if duplicate:
        raise ValidationError(_("Användaren har redan den rollen med samma omfattning."))
    assignment._history_user = actor
    assignment.save()
    policy.forget_scope(user)
    return assignment


@transaction.atomic
def end_role_assignment(*, actor, assignment: RoleAssignment, on: datetime.date | None = None):
    """End a role assignment (kept in the history, never deleted)."""
    policy.require(actor, policy.MANAGE, assignment)
    on = on or timezone.localdate()
    if assignment.valid_until is not None and assignment.valid_until < on:
        raise ValidationError(_("Rolltilldelningen har redan upphört."))
    # The role stops applying on ``on``: the last valid day is the day before.
    assignment.valid_until = on - datetime.timedelta(days=1)
    if assignment.valid_from > assignment.valid_until:
        # Ended before it began; the history keeps the original start date.
        assignment.valid_from = assignment.valid_until
    assignment._history_user = actor
    assignment.save(update_fields=["valid_from", "valid_until"])
    policy.forget_scope(assignment.user)
    return assignment


# --- Single sign-on -------------------------------------------------------------

#: simple-history change reason that marks role assignments created by SSO.
#: ``sync_sso_role_assignments`` ends only assignments whose creation record
#: carries this reason, so roles given by hand are never touched by SSO.
SSO_CHANGE_REASON = "sso"


def sso_created_assignments(user):
    """The user's role assignments that SSO created (recognised by their history)."""
    created_by_sso = RoleAssignment.history.filter(
        user_id=user.pk, history_type="+", history_change_reason=SSO_CHANGE_REASON
    ).values("id")
    return RoleAssignment.objects.filter(user=user, pk__in=created_by_sso)


@transaction.atomic
def sync_sso_role_assignments(*, user, wanted) -> dict[str, list[RoleAssignment]]:
    """Make the user's SSO roles match ``wanted`` (from the group claims).

    ``wanted`` is an iterable of ``(role, kommun_id, forvaltning_id, samverkan_id)``
    tuples with exactly one scope id set. A wanted role the user already holds
    (by hand or by SSO) is left alone; a missing one is created and marked with
    ``SSO_CHANGE_REASON`` in its history; an active SSO-created assignment that
    is no longer wanted is ended today. The history user is the user themself.
    """
    today = timezone.localdate()
    wanted = set(wanted)
    active = [
        a
        for a in RoleAssignment.objects.filter(user=user).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
        if a.is_active(today)
    ]
    held = {(a.role, a.kommun_id, a.forvaltning_id, a.samverkan_id) for a in active}
    sso_ids = set(sso_created_assignments(user).values_list("pk", flat=True))
    created, ended = [], []
    for role, kommun_id, forvaltning_id, samverkan_id in sorted(wanted - held, key=str):
        assignment = RoleAssignment(
            user=user,
            role=role,
            kommun_id=kommun_id,
            forvaltning_id=forvaltning_id,
            samverkan_id=samverkan_id,
            valid_from=today,
        )
        assignment.full_clean()
        assignment._history_user = user
        assignment._change_reason = SSO_CHANGE_REASON
        assignment.save()
        created.append(assignment)
    for a in active:
        key = (a.role, a.kommun_id, a.forvaltning_id, a.samverkan_id)
        if a.pk in sso_ids and key not in wanted:
            a.valid_until = today - datetime.timedelta(days=1)
            if a.valid_from > a.valid_until:
                a.valid_from = a.valid_until
            a._history_user = user
            a._change_reason = SSO_CHANGE_REASON
            a.save(update_fields=["valid_from", "valid_until"])
            ended.append(a)
    policy.forget_scope(user)
    return {"created": created, "ended": ended}
