import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import (
    Lifecycle,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.filters import visible_kommuner
from portfolio.models import Forvaltning, System


def visible_forvaltningar(request):
    if request is None:
        return Forvaltning.objects.none()
    return policy.restrict(Forvaltning.objects.select_related("kommun"), request.user)


class SystemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    forvaltning = django_filters.ModelChoiceFilter(
        queryset=visible_forvaltningar, label=_("Förvaltning")
    )
    kind = django_filters.ChoiceFilter(choices=SystemKind.choices, label=_("Typ"))
    category = django_filters.ChoiceFilter(choices=SystemCategory.choices, label=_("Kategori"))
    area = django_filters.ChoiceFilter(
        choices=Verksamhetsomrade.choices, label=_("Verksamhetsområde")
    )
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Livscykel"))

    class Meta:
        model = System
        fields = ["q", "kommun", "forvaltning", "kind", "category", "area", "lifecycle"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))
