"""The page "Budget mot plan och utfall" (per kommun and year)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from governance.finance.comparison import compare
from portfolio import policy
from portfolio.budget.rules import budget_kommuner

#: the year asked for and the coming years (a budget looks 3–4 years ahead)
SHOWN_YEARS = 4


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def budget_comparison(request, pk):
    """Only those who read the kommun's whole budget see it; for everyone else it is 404."""
    kommun = get_object_or_404(budget_kommuner(policy.get_scope(request.user)), pk=pk)
    year = _year(request.GET.get("ar"))
    years = compare(kommun, range(year, year + SHOWN_YEARS))
    return render(
        request,
        "governance/finance/comparison.html",
        {
            "kommun": kommun,
            "year": year,
            "current": years[0],
            "years": years,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )
