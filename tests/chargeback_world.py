"""A small kommun and samverkan for the chargeback tests, with hand-checkable numbers."""

from __future__ import annotations

from decimal import Decimal

from portfolio.chargeback.models import CostPool, KeyKind, KeyValue, PoolKind
from portfolio.choices import Role
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    KommunYearFiguresFactory,
    SamverkanFactory,
    user_with_role,
)

YEAR = 2026


def world():
    """Kommun "Ankeby" (host) with three förvaltningar, and "Bjärby", "Cedby" in a samverkan."""
    ankeby = KommunFactory(name="Ankeby")
    bjarby = KommunFactory(name="Bjärby")
    cedby = KommunFactory(name="Cedby")
    samverkan = SamverkanFactory(name="ABC-IT", host=ankeby)
    samverkan.members.set([ankeby, bjarby, cedby])
    # invånare 2026: 50 000 / 30 000 / 20 000 (so 50 %, 30 %, 20 %)
    for kommun, population in ((ankeby, 50_000), (bjarby, 30_000), (cedby, 20_000)):
        KommunYearFiguresFactory(kommun=kommun, year=YEAR, population=population, employees=1)
    forv = {
        name: ForvaltningFactory(kommun=ankeby, name=name) for name in ("Alfa", "Beta", "Gamma")
    }
    ekonom = user_with_role(Role.EKONOM, kommun=ankeby)
    return {
        "ankeby": ankeby,
        "bjarby": bjarby,
        "cedby": cedby,
        "samverkan": samverkan,
        "forv": forv,
        "ekonom": ekonom,
    }


def key_values(w, kind, values: dict[str, str], pool=None, year=YEAR):
    for name, value in values.items():
        f = w["forv"][name]
        KeyValue.objects.create(
            kommun=w["ankeby"],
            forvaltning=f,
            year=year,
            key_kind=kind,
            value=Decimal(value),
            pool=pool,
        )


def pool(w, name, amount, key, *, samverkan=False, inner=""):
    return CostPool.objects.create(
        kommun=None if samverkan else w["ankeby"],
        samverkan=w["samverkan"] if samverkan else None,
        year=YEAR,
        name=name,
        kind=PoolKind.SAMVERKAN if samverkan else PoolKind.KOMMUNGEMENSAMMA,
        amount=Decimal(amount),
        key_kind=key,
        inner_key_kind=inner,
    )


__all__ = ["KeyKind", "YEAR", "key_values", "pool", "world"]
