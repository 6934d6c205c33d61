"""The IT-bokslut chapter "IT-budget och utfall" (issue 16, seed 004).

Budget (the decided version), plan (the IT-plans' estimates) and outcome for
the report year, then the totals of the coming years. The figures come from
``governance.finance.comparison`` so the page and the report agree.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from governance.finance.comparison import compare
from portfolio.models import Kommun

#: the report year and the coming years (the budget looks 3–4 years ahead)
YEARS = 4

BUDGET_DEFINITION = gettext_lazy(
    "Budget: den beslutade IT-budgetens rader för året (den senast beslutade versionen som "
    "omfattar året). Plan: summan av förvaltningarnas inlämnade IT-planer för året; utveckling "
    "jämförs med investering och drift med drift. Utfall: bokfört utfall per radnyckel. "
    "Avvikelse mot plan = budget − plan; avvikelse mot budget = utfall − budget (positiv: "
    "över budget)."
)


def section_budget(kommun: Kommun, year: int) -> dict:
    years = compare(kommun, range(year, year + YEARS))
    return {
        "definition": BUDGET_DEFINITION,
        "year": year,
        "current": years[0],
        "coming": years,
        "has_budget": any(y.version for y in years),
    }
