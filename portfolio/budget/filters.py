import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.budget.models import BudgetOutcome, BudgetVersion
from portfolio.choices import BudgetStatus
from portfolio.filters import visible_kommuner


class BudgetVersionFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    first_year = django_filters.NumberFilter(label=_("Första år"))
    status = django_filters.ChoiceFilter(choices=BudgetStatus.choices, label=_("Status"))

    class Meta:
        model = BudgetVersion
        fields = ["kommun", "first_year", "status"]


class BudgetOutcomeFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    year = django_filters.NumberFilter(label=_("År"))
    key = django_filters.CharFilter(lookup_expr="icontains", label=_("Radnyckel"))

    class Meta:
        model = BudgetOutcome
        fields = ["kommun", "year", "key"]
