"""State changes for the system register.

Views and imports call these; each takes the acting user, checks the policy
and runs in one transaction. The actor is written into the audit history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import SystemKind
from portfolio.models import Supplier, System


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
    """Create or update a system in the register.

    A new system, or one moved to another förvaltning, must land where the
    policy lets the actor add systems; the systemägare and systemförvaltare
    must hold a role in the system's kommun; and after saving the actor must
    still see it (a tampered form can't put it outside their scope).
    """
    if system.pk is None:
        policy.require_add(actor, System, forvaltning=system.forvaltning)
    else:
        policy.require(actor, policy.CHANGE, System.objects.get(pk=system.pk))
        moved = System.objects.filter(pk=system.pk).exclude(forvaltning=system.forvaltning)
        if moved.exists():
            policy.require_add(actor, System, forvaltning=system.forvaltning)
    system.kommun_id = system.forvaltning.kommun_id
    policy.require_person(system.owner, kommun_id=system.kommun_id, field="owner")
    policy.require_person(system.manager, kommun_id=system.kommun_id, field="manager")
    if system.samverkan_id and system.kommun_id not in _samverkan_kommun_ids(system.samverkan):
        raise ValidationError(
            {"samverkan": _("Systemets kommun ingår inte i den valda samverkansorganisationen.")}
        )
    _save(system, actor)
    if used_by is not None:
        system.used_by.set(used_by)
    policy.require_still_visible(actor, system)
    return system


def _samverkan_kommun_ids(samverkan) -> set[int]:
    return {samverkan.host_id, *samverkan.members.values_list("pk", flat=True)}


@transaction.atomic
def add_child(*, actor, parent, child):
    """Add a contract or a yearly cost to the system it belongs to."""
    policy.require(actor, policy.CHANGE, parent)
    return _save(child, actor)


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier) -> Supplier:
    """Create or update a supplier (leverantör): shared reference data."""
    if supplier.pk is None:
        policy.require_add(actor, Supplier)
    else:
        policy.require(actor, policy.CHANGE, supplier)
    return _save(supplier, actor)


@transaction.atomic
def update_child(*, actor, child):
    """Change a row under a system (integration, availability) the actor may change."""
    policy.require(actor, policy.CHANGE, child)
    return _save(child, actor)


@transaction.atomic
def delete_child(*, actor, child) -> None:
    """Delete a row under a system the actor may change; the audit history keeps it."""
    policy.require(actor, policy.DELETE, child)
    child._history_user = actor
    child.delete()
