"""State changes for the system and initiative registers.

Views and imports call these; each takes the acting user, checks the policy
and runs in one transaction. The actor is written into the audit history.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import Role, SystemKind
from portfolio.models import Initiative, System

SYSTEM_CREATORS = policy.STEWARD_ROLES | {Role.SYSTEMAGARE}
INITIATIVE_CREATORS = policy.STEWARD_ROLES | {
    Role.FORVALTNINGSCHEF,
    Role.SYSTEMAGARE,
    Role.KOMMUNDIREKTOR,
}


def may_create_in(actor, forvaltning, roles) -> bool:
    """Whether ``actor`` holds one of ``roles`` for the förvaltning's kommun or itself."""
    scope = policy.get_scope(actor)
    return scope.is_superuser or (
        forvaltning.kommun_id in scope.kommun_ids(roles)
        or forvaltning.pk in scope.forvaltning_ids(roles)
    )


def _save(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


def duplicate_common_systems(system: System):
    """Other kommungemensamma systems of the same category in the kommun (seed 004: one each)."""
    if system.kind != SystemKind.KOMMUNGEMENSAMT:
        return System.objects.none()
    return System.objects.filter(
        kommun_id=system.kommun_id, kind=SystemKind.KOMMUNGEMENSAMT, category=system.category
    ).exclude(pk=system.pk)


@transaction.atomic
def save_system(*, actor, system: System, used_by=None) -> System:
    """Create or update a system in the register."""
    if system.pk is None:
        if not may_create_in(actor, system.forvaltning, SYSTEM_CREATORS):
            raise PermissionDenied(_("Du får inte registrera system i den här förvaltningen."))
    else:
        policy.require(actor, policy.CHANGE, system)
    system.kommun_id = system.forvaltning.kommun_id
    _save(system, actor)
    if used_by is not None:
        system.used_by.set(used_by)
    return system


@transaction.atomic
def save_initiative(*, actor, initiative: Initiative, goals=None, participants=None) -> Initiative:
    """Create or update an initiative; a new one starts as idé."""
    if initiative.pk is None:
        if not may_create_in(actor, initiative.forvaltning, INITIATIVE_CREATORS):
            raise PermissionDenied(_("Du får inte registrera initiativ i den här förvaltningen."))
        initiative.created_by = actor
    else:
        policy.require(actor, policy.CHANGE, initiative)
    initiative.kommun_id = initiative.forvaltning.kommun_id
    _save(initiative, actor)
    if goals is not None:
        bad = [g for g in goals if g.kommun_id != initiative.kommun_id]
        if bad:
            raise ValidationError(_("Målen måste höra till initiativets kommun."))
        initiative.goals.set(goals)
    if participants is not None:
        initiative.participants.set([k for k in participants if k.pk != initiative.kommun_id])
    return initiative


@transaction.atomic
def add_child(*, actor, parent, child):
    """Add a cost, benefit, financing line, risk, status report or contract to its parent."""
    policy.require(actor, policy.CHANGE, parent)
    return _save(child, actor)


@transaction.atomic
def delete_child(*, actor, child) -> None:
    policy.require(actor, policy.DELETE, child)
    child._history_user = actor
    child.delete()
