"""State changes of the hyressystem and the debiteringsmodell.

Every service takes the acting user, re-checks the policy (a forged POST is
refused here with a Swedish ValidationError and saves nothing) and runs in one
transaction. The distribution itself is ``distribution.run_distribution``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio import policy
from portfolio.chargeback.distribution import run_distribution  # noqa: F401  (the service)
from portfolio.chargeback.models import (
    FROZEN_PRICE_LIST,
    CostPool,
    KeyValue,
    PriceItem,
    PriceList,
    PriceListStatus,
    RentalCount,
)
from portfolio.registers.models import System

EDIT_REFUSED = gettext_lazy("Bara kommunens ekonom eller IT-strateg får ändra debiteringsmodellen.")


def _require_add(actor, model, *, kommun_id=None, samverkan_id=None, forvaltning=None) -> None:
    where = {"samverkan_id": samverkan_id} if samverkan_id else {"kommun_id": kommun_id}
    if forvaltning is not None:
        where = {"kommun_id": kommun_id, "forvaltning": forvaltning}
    if not policy.can_add(actor, model, **where):
        raise ValidationError(EDIT_REFUSED)


def _require_change(actor, obj) -> None:
    if not policy.can(actor, policy.CHANGE, obj):
        raise ValidationError(policy.rule_for(type(obj)).denied_message(policy.CHANGE, obj))


def _save(actor, obj) -> None:
    obj._history_user = actor
    obj.full_clean()
    obj.save()


# --- Price lists ------------------------------------------------------------------------


def save_price_list(*, actor, price_list: PriceList) -> PriceList:
    """Create a price list (utkast) or change its year or decision text while it is one."""
    with transaction.atomic():
        if price_list.pk is None:
            _require_add(
                actor,
                PriceList,
                kommun_id=price_list.kommun_id,
                samverkan_id=price_list.samverkan_id,
            )
            price_list.status = PriceListStatus.UTKAST
        else:
            stored = PriceList.objects.select_for_update().get(pk=price_list.pk)
            if stored.is_frozen:
                raise ValidationError(FROZEN_PRICE_LIST)
            _require_change(actor, stored)
        _save(actor, price_list)
        return price_list


def decide_price_list(*, actor, price_list: PriceList, decision_reference: str) -> PriceList:
    """The finansieringsgrupp's decision: the list is frozen from now on."""
    with transaction.atomic():
        price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
        if price_list.is_frozen:
            raise ValidationError(FROZEN_PRICE_LIST)
        _require_change(actor, price_list)
        reference = (decision_reference or price_list.decision_reference).strip()
        if not reference:
            raise ValidationError(
                _("Ange finansieringsgruppens beslut (t.ex. protokoll och datum).")
            )
        if not price_list.items.exists():
            raise ValidationError(_("Prislistan har inga priser att besluta."))
        price_list.decision_reference = reference
        price_list.status = PriceListStatus.BESLUTAD
        price_list.decided_at = timezone.now()
        price_list.decided_by = actor
        _save(actor, price_list)
        return price_list


def save_price_item(*, actor, item: PriceItem) -> PriceItem:
    """Add or change a price (one per item kind) on a price list that is not decided."""
    with transaction.atomic():
        price_list = PriceList.objects.select_for_update().get(pk=item.price_list_id)
        if price_list.is_frozen:
            raise ValidationError(FROZEN_PRICE_LIST)
        _require_change(actor, price_list)
        existing = price_list.items.filter(item_kind=item.item_kind).exclude(pk=item.pk).first()
        if existing is not None:
            existing.price, existing.period = item.price, item.period
            item = existing
        _save(actor, item)
        return item


def delete_price_item(*, actor, item: PriceItem) -> None:
    with transaction.atomic():
        price_list = PriceList.objects.select_for_update().get(pk=item.price_list_id)
        if price_list.is_frozen:
            raise ValidationError(FROZEN_PRICE_LIST)
        _require_change(actor, price_list)
        item._history_user = actor
        item.delete()


# --- Counts, pools, key values ----------------------------------------------------------


def save_rental_count(*, actor, count: RentalCount) -> RentalCount:
    """Enter (or correct) how many items of a kind a förvaltning rents in a year."""
    with transaction.atomic():
        if count.count is not None and count.count < 0:
            raise ValidationError({"count": _("Antalet kan inte vara negativt.")})
        count.kommun_id = count.forvaltning.kommun_id
        if count.pk is None:
            _require_add(actor, RentalCount, kommun_id=count.kommun_id)
            same = RentalCount.objects.filter(
                forvaltning=count.forvaltning, year=count.year, item_kind=count.item_kind
            ).first()
            if same is not None:
                same.count = count.count
                count = same
        else:
            _require_change(actor, RentalCount.objects.get(pk=count.pk))
            _require_add(actor, RentalCount, kommun_id=count.kommun_id)
        _save(actor, count)
        return count


def save_pool(*, actor, pool: CostPool, systems=None) -> CostPool:
    """Create or change a cost pool and its key (and the systems whose costs it sums)."""
    with transaction.atomic():
        if pool.pk is not None:
            _require_change(actor, CostPool.objects.get(pk=pool.pk))
        _require_add(actor, CostPool, kommun_id=pool.kommun_id, samverkan_id=pool.samverkan_id)
        _save(actor, pool)
        if systems is not None:
            visible = policy.restrict(System.objects.all(), actor)
            chosen = list(visible.filter(pk__in=[s.pk for s in systems]))
            if len(chosen) != len(systems):
                raise ValidationError(
                    _("Ett valt system finns inte eller är inte synligt för dig.")
                )
            if pool.kommun_id and any(s.kommun_id != pool.kommun_id for s in chosen):
                raise ValidationError(_("Poolens system måste höra till kommunen."))
            pool.systems.set(chosen)
        return pool


def save_key_value(*, actor, key_value: KeyValue) -> KeyValue:
    """Enter or correct one förvaltning's (or, for a samverkan pool, one kommun's) key value."""
    with transaction.atomic():
        if key_value.forvaltning_id:
            key_value.kommun_id = key_value.forvaltning.kommun_id
        if key_value.pk is not None:
            _require_change(actor, KeyValue.objects.get(pk=key_value.pk))
        pool = key_value.pool
        if pool is not None and pool.samverkan_id and key_value.forvaltning_id is None:
            _require_change(actor, pool)
        else:
            _require_add(actor, KeyValue, kommun_id=key_value.kommun_id)
        if pool is not None and pool.year != key_value.year:
            raise ValidationError({"year": _("Året måste vara kostnadspoolens år.")})
        if key_value.pk is None:
            same = KeyValue.objects.filter(
                kommun_id=key_value.kommun_id,
                forvaltning_id=key_value.forvaltning_id,
                year=key_value.year,
                key_kind=key_value.key_kind,
                pool=key_value.pool,
            ).first()
            if same is not None:
                same.value = key_value.value
                key_value = same
        _save(actor, key_value)
        return key_value
