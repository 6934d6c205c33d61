import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import InitiativeKind, InitiativeStatus, Verksamhetsomrade
from portfolio.filters import ALL, visible_kommuner
from portfolio.forms import FastSelect
from portfolio.models import Forvaltning, Initiative, StrategicGoal


def visible_forvaltningar(request):
    if request is None:
        return Forvaltning.objects.none()
    return policy.restrict(Forvaltning.objects.all(), request.user, policy.VIEW).select_related(
        "kommun"
    )


def visible_goals(request):
    if request is None:
        return StrategicGoal.objects.none()
    return policy.restrict(StrategicGoal.objects.all(), request.user, policy.VIEW)


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_kommuner, label=_("Kommun"), widget=FastSelect
    )
    forvaltning = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_forvaltningar, label=_("Förvaltning"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), widget=FastSelect
    )
    kind = django_filters.ChoiceFilter(
        choices=InitiativeKind.choices, label=_("Typ"), widget=FastSelect
    )
    area = django_filters.ChoiceFilter(
        choices=Verksamhetsomrade.choices, label=_("Verksamhetsområde"), widget=FastSelect
    )
    goals = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_goals, label=_("Strategiskt mål"), widget=FastSelect
    )

    class Meta:
        model = Initiative
        fields = ["q", "kommun", "forvaltning", "status", "kind", "area", "goals"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(need__icontains=word)
            )
        return queryset
