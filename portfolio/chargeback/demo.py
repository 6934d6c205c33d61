"""Demo: Lysekil's hyressystem (a decided price list and rented items), its cost pools and
key values, an SML-IT pool split between Lysekil, Sotenäs and Munkedal by invånare and then
within Lysekil by anställda, and one distribution run made by ``ekonom.lysekil``."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.chargeback.distribution import run_distribution
from portfolio.chargeback.models import (
    CostPool,
    ItemKind,
    KeyKind,
    KeyValue,
    PoolKind,
    PriceItem,
    PriceList,
    PriceListStatus,
    PricePeriod,
    RentalCount,
)
from portfolio.models import Forvaltning, Kommun, Samverkansorganisation

PRICES = [
    (ItemKind.DATOR, "245.00", PricePeriod.MONTH),
    (ItemKind.SKARM, "45.00", PricePeriod.MONTH),
    (ItemKind.SKRIVARE, "1800.00", PricePeriod.YEAR),
    (ItemKind.MOBILTELEFON, "120.00", PricePeriod.MONTH),
]
# förvaltning: (datorer, skärmar, skrivare, mobiltelefoner, användare, anställda)
LYSEKIL = {
    "Kommunledningskontoret": (60, 70, 8, 40, 85, 90),
    "Socialförvaltningen": (310, 280, 25, 260, 640, 700),
    "Barn- och utbildningsförvaltningen": (520, 300, 40, 180, 1450, 820),
    "Samhällsbyggnadsförvaltningen": (90, 95, 10, 70, 120, 130),
    "Kultur- och fritidsförvaltningen": (45, 40, 6, 30, 70, 75),
}


def seed_chargeback() -> None:
    year = timezone.localdate().year
    lysekil = Kommun.objects.get(name="Lysekil")
    if PriceList.objects.filter(kommun=lysekil, year=year).exists():
        return
    ekonom = get_user_model().objects.get(username="ekonom.lysekil")
    prices = PriceList.objects.create(
        kommun=lysekil,
        year=year,
        status=PriceListStatus.BESLUTAD,
        decision_reference=f"Finansieringsgruppen {year - 1}-10-14 § 4",
        decided_at=timezone.now(),
        decided_by=ekonom,
    )
    PriceItem.objects.bulk_create(
        PriceItem(price_list=prices, item_kind=k, price=Decimal(p), period=period)
        for k, p, period in PRICES
    )
    forvaltningar = {f.name: f for f in Forvaltning.objects.filter(kommun=lysekil)}
    kinds = (ItemKind.DATOR, ItemKind.SKARM, ItemKind.SKRIVARE, ItemKind.MOBILTELEFON)
    counts, keys = [], []
    for name, figures in LYSEKIL.items():
        f = forvaltningar[name]
        counts += [
            RentalCount(kommun=lysekil, forvaltning=f, year=year, item_kind=k, count=n)
            for k, n in zip(kinds, figures[:4], strict=True)
        ]
        keys += [
            KeyValue(
                kommun=lysekil, forvaltning=f, year=year, key_kind=KeyKind.USERS, value=figures[4]
            ),
            KeyValue(
                kommun=lysekil,
                forvaltning=f,
                year=year,
                key_kind=KeyKind.EMPLOYEES,
                value=figures[5],
            ),
        ]
    RentalCount.objects.bulk_create(counts)
    KeyValue.objects.bulk_create(keys)
    pools = [
        CostPool(
            kommun=lysekil,
            year=year,
            name="Kommungemensamma system",
            kind=PoolKind.KOMMUNGEMENSAMMA,
            amount=Decimal("1845000.00"),
            key_kind=KeyKind.USERS,
        ),
        CostPool(
            kommun=lysekil,
            year=year,
            name="IT-plattformen",
            kind=PoolKind.PLATTFORM,
            amount=Decimal("2310500.00"),
            key_kind=KeyKind.DEVICES,
        ),
        CostPool(
            kommun=lysekil,
            year=year,
            name="E-arkiv",
            kind=PoolKind.OVRIGT,
            amount=Decimal("180000.00"),
            key_kind=KeyKind.DIRECT,
            direct_forvaltning=forvaltningar["Kommunledningskontoret"],
        ),
        CostPool(
            samverkan=Samverkansorganisation.objects.get(name="SML-IT"),
            year=year,
            name="SML-IT gemensam drift",
            kind=PoolKind.SAMVERKAN,
            amount=Decimal("6400000.00"),
            key_kind=KeyKind.POPULATION,
            inner_key_kind=KeyKind.EMPLOYEES,
        ),
    ]
    CostPool.objects.bulk_create(pools)
    run_distribution(actor=ekonom, kommun=lysekil, year=year)
