"""Prioritisation data for the synthetic bench kommuner (``generate_bench_data``).

Without criteria and scores every bench initiative would be "Ej poängsatt" and
``/prioritering/`` would measure an empty ranking. Per bench kommun this adds
four criteria, a computed and a manual gate, scores for most initiatives in
kvalificering or prioritering, costs for the ranking year (some left without an
estimate), a few overrides and a budget that draws the cut line about a third
down the list. Rows are bulk-created: no audit history, like the rest of the
bench data.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from portfolio.choices import CostNature, InitiativeCostKind
from portfolio.models import (
    BudgetLine,
    Criterion,
    Gate,
    GateConfirmation,
    InitiativeCost,
    Override,
    Score,
)
from portfolio.prioritisation.models import BUDGET_ALL, GateCode, GateKind

SCORABLE = ("kvalificering", "prioritering")
CRITERIA = (
    ("Verksamhetsnytta", Decimal(3), True),
    ("Lagkrav", Decimal(2), True),
    ("Risk", Decimal(1), False),
    ("Kostnad", Decimal(1), False),
)


def seed_bench_prioritisation(kommuner, initiatives, strateger, *, year: int | None = None) -> int:
    """Criteria, gates, scores, costs, overrides and a budget; the number scored.

    ``year`` defaults to the year ``/prioritering/`` opens on (next year).
    """
    year = year or timezone.localdate().year + 1
    rng = random.Random(1313)
    by_kommun: dict[int, list] = {}
    for ini in initiatives:
        if ini.status in SCORABLE:
            by_kommun.setdefault(ini.kommun_id, []).append(ini)
    actor = {k.pk: strateger[i] for i, k in enumerate(kommuner)}
    scores, confirmations, costs, overrides, budgets = [], [], [], [], []
    scored = 0
    for kommun in kommuner:
        criteria = Criterion.objects.bulk_create(
            Criterion(kommun=kommun, name=name, weight=weight, higher_is_better=hib, order=n)
            for n, (name, weight, hib) in enumerate(CRITERIA)
        )
        Gate.objects.create(
            kommun=kommun,
            name="Kostnad angiven",
            kind=GateKind.COMPUTED,
            code=GateCode.KOSTNAD_ANGIVEN,
        )
        manual = Gate.objects.create(
            kommun=kommun, name="Förankrad i ledningsgruppen", kind=GateKind.MANUAL, order=1
        )
        total = Decimal(0)
        by = actor[kommun.pk]
        for n, ini in enumerate(by_kommun.get(kommun.pk, [])):
            if n % 25 != 24:  # a few stay unscored
                scored += 1
                scores += [
                    Score(initiative=ini, criterion=c, value=rng.randint(0, 5), scored_by=by)
                    for c in criteria
                ]
            if n % 30 != 29:  # a few fail the manual gate
                confirmations.append(
                    GateConfirmation(gate=manual, initiative=ini, comment="Bench", confirmed_by=by)
                )
            if n % 15 != 14:  # a few have no estimate for the year
                amount = Decimal(rng.randrange(20, 400) * 1000)
                total += amount
                costs.append(
                    InitiativeCost(
                        initiative=ini,
                        year=year,
                        kind=InitiativeCostKind.INVESTERING,
                        nature=CostNature.UTVECKLING,
                        amount=amount,
                    )
                )
            if n % 40 == 7:
                overrides.append(
                    Override(
                        kommun=kommun,
                        initiative=ini,
                        year=year,
                        positions=rng.choice((-3, 2, 5)),
                        justification="Bench",
                        created_by=by,
                    )
                )
        budgets.append(
            BudgetLine(kommun=kommun, year=year, source=BUDGET_ALL, amount=(total / 3).quantize(1))
        )
    Score.objects.bulk_create(scores, batch_size=5000)
    GateConfirmation.objects.bulk_create(confirmations, batch_size=5000)
    InitiativeCost.objects.bulk_create(costs, batch_size=5000)
    Override.objects.bulk_create(overrides)
    BudgetLine.objects.bulk_create(budgets)
    return scored
