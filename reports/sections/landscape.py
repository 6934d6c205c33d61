"""IT-bokslut chapter: the system landscape."""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils.translation import gettext_lazy as _

from portfolio.choices import (
    Lifecycle,
    TechDebt,
    TimeClass,
)
from portfolio.models import (
    Contract,
    Kommun,
    System,
)
from reports.sections.common import ACTIVE_LIFECYCLES


def section_landscape(kommun: Kommun, year: int) -> dict:
    systems = list(
        System.objects.filter(kommun=kommun)
        .select_related("forvaltning")
        .only(
            "name",
            "lifecycle",
            "functional_fit",
            "technical_fit",
            "tech_debt",
            "confidentiality",
            "integrity",
            "availability_class",
            "personal_data",
            "pub_agreement",
            "forvaltning__name",
        )
    )
    lifecycle = Counter(s.lifecycle for s in systems)
    time = Counter(s.time_class or "" for s in systems)
    debt = Counter(s.tech_debt or "" for s in systems)
    krt = {
        letter: Counter(getattr(s, field) for s in systems if getattr(s, field) is not None)
        for letter, field in (
            ("K", "confidentiality"),
            ("R", "integrity"),
            ("T", "availability_class"),
        )
    }
    next_year = year + 1
    contracts = [
        c
        for c in Contract.objects.filter(
            system__kommun=kommun,
            end_date__gte=datetime.date(next_year, 1, 1),
            end_date__lte=datetime.date(next_year + 6, 1, 1),
        ).select_related("system", "supplier")
        if c.last_cancel_date.year == next_year
    ]
    contracts.sort(key=lambda c: (c.last_cancel_date, c.number))
    return {
        "total": len(systems),
        "in_use": sum(1 for s in systems if s.lifecycle in ACTIVE_LIFECYCLES),
        "per_lifecycle": [(lc.label, lifecycle.get(lc.value, 0)) for lc in Lifecycle],
        "per_time": [(tc.label, time.get(tc.value, 0)) for tc in TimeClass]
        + [(_("Ej bedömd"), time.get("", 0))],
        "without_pub": sorted(
            (s for s in systems if s.personal_data and not s.pub_agreement),
            key=lambda s: s.name,
        ),
        "unclassified": sorted((s for s in systems if not s.is_classified), key=lambda s: s.name),
        "krt": [(letter, [krt[letter].get(level, 0) for level in range(5)]) for letter in krt],
        "contracts_next_year": contracts,
        "next_year": next_year,
        "tech_debt": [(td.label, debt.get(td.value, 0)) for td in TechDebt]
        + [(_("Ej bedömd"), debt.get("", 0))],
        "tech_debt_high": debt.get(TechDebt.HOG, 0) + debt.get(TechDebt.EXTREMT_HOG, 0),
    }
