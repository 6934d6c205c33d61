"""Demo IT budgets (seed 004): Sollentuna and Lysekil, 2026–2028.

Each kommun gets a decided (beslutad) version 1 with its decision reference
and the outcome of 2026 entered from the ekonomisystem; Sollentuna also has a
förslag for 2027–2029 that the finansieringsgrupp is to decide. The
investment lines of 2026 and 2027 sum to the frames the prioritisation demo
types (1 200 000 kr and 1 500 000 kr), so the ranking's cut line stays where
it was, now taken from the decided budget. Bulk inserts: a few queries.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.budget.models import BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.choices import BudgetKind, BudgetOwner, BudgetStatus, FinancingSource
from portfolio.organisation.demo import forvaltning, kommun

FIRST_YEAR = 2026
INV, OPS = BudgetKind.INVESTERING, BudgetKind.DRIFT
IT, FORV = BudgetOwner.IT_ENHET, BudgetOwner.FORVALTNING

# key, description, kind, source, owner, förvaltning, amounts 2026/2027/2028
LINES = [
    ("IT-INV-PLATTFORM", "Teknisk plattform och nätverk", INV, FinancingSource.ORONMARKTA, IT, None, (800_000, 1_000_000, 900_000)),  # noqa: E501
    ("IT-INV-ETJANST", "E-tjänster i socialtjänsten", INV, FinancingSource.STATSBIDRAG, FORV, "Socialförvaltningen", (400_000, 500_000, 400_000)),  # noqa: E501
    ("IT-DRIFT-PLATTFORM", "Drift av plattform och servicedesk", OPS, FinancingSource.EGEN_BUDGET, IT, None, (6_200_000, 6_400_000, 6_600_000)),  # noqa: E501
    ("IT-DRIFT-LICENS", "Kommungemensamma licenser", OPS, FinancingSource.EGEN_BUDGET, IT, None, (2_100_000, 2_200_000, 2_300_000)),  # noqa: E501
]  # fmt: skip
#: the ekonomisystem's outcome of 2026 per key (as at the demo's date)
OUTCOME = {
    "IT-INV-PLATTFORM": 910_000,
    "IT-INV-ETJANST": 310_000,
    "IT-DRIFT-PLATTFORM": 6_050_000,
    "IT-DRIFT-LICENS": 2_240_000,
}
DECISIONS = {
    "Sollentuna": ("ekonom.sollentuna", "Kommunfullmäktige 2025-11-20 § 112"),
    "Lysekil": ("ekonom.lysekil", "Kommunfullmäktige 2025-11-27 § 98"),
}


def seed_budget() -> None:
    users = get_user_model().objects
    for name, (username, reference) in DECISIONS.items():
        k = kommun(name)
        if BudgetVersion.objects.filter(kommun=k).exists():
            continue
        actor = users.get(username=username)
        decided = _version(k, actor, FIRST_YEAR, 1, "Flerårig IT-budget")
        _lines(decided, k, LINES)
        # Decided once its lines are in: from here on the model refuses changes.
        BudgetVersion.objects.filter(pk=decided.pk).update(
            status=BudgetStatus.BESLUTAD,
            decision_reference=reference,
            decided_at=timezone.make_aware(datetime.datetime(2025, 11, 28, 10, 0)),
            decided_by=actor,
        )
        BudgetOutcome.objects.bulk_create(
            BudgetOutcome(kommun=k, year=FIRST_YEAR, key=key, amount=Decimal(amount))
            for key, amount in OUTCOME.items()
        )
        if name == "Sollentuna":
            proposal = _version(k, actor, FIRST_YEAR + 1, 1, "Förslag till finansieringsgruppen")
            shifted = [(*spec[:6], (*spec[6][1:], spec[6][-1] + 100_000)) for spec in LINES]
            _lines(proposal, k, shifted)


def _version(k, actor, first_year, number, title) -> BudgetVersion:
    version = BudgetVersion(
        kommun=k, first_year=first_year, years=3, number=number, title=title, created_by=actor
    )
    version.save()
    return version


def _lines(version, k, specs) -> None:
    rows = []
    for key, description, kind, source, owner, forv_name, amounts in specs:
        forv = forvaltning(k.name, forv_name) if forv_name else None
        for offset, amount in enumerate(amounts):
            rows.append(
                ITBudgetLine(
                    version=version,
                    key=key,
                    year=version.first_year + offset,
                    kind=kind,
                    source=source,
                    owner=owner,
                    forvaltning=forv,
                    amount=Decimal(amount),
                    description=description,
                )
            )
    ITBudgetLine.objects.bulk_create(rows)
