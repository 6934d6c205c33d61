"""State changes for the system register.

Views and imports call these; each takes the acting user, checks the policy
and runs in one transaction. The actor is written into the audit history.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import Role, SystemKind
from portfolio.models import Supplier, System

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
def add_child(*, actor, parent, child):
    """Add a contract or a yearly cost to the system it belongs to."""
    policy.require(actor, policy.CHANGE, parent)
    return _save(child, actor)


def may_manage_suppliers(actor) -> bool:
    """Suppliers are shared reference data: kommun-wide IT-strateg or administratör."""
    scope = policy.get_scope(actor)
    return scope.is_superuser or bool(scope.kommun_ids(policy.STEWARD_ROLES))


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier) -> Supplier:
    """Create or update a supplier (leverantör)."""
    if supplier.pk is None:
        if not may_manage_suppliers(actor):
            raise PermissionDenied(
                _("Bara IT-strateg eller administratör får lägga till leverantörer.")
            )
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
