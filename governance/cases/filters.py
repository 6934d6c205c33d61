import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.choices import CaseKind, CaseStatus
from governance.models import Case
from portfolio import policy
from portfolio.filters import ALL, visible_kommuner
from portfolio.models import System


def visible_systems(request):
    if request is None:
        return System.objects.none()
    return policy.restrict(System.objects.all(), request.user).order_by("name")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_kommuner, label=_("Kommun")
    )
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, label=_("Typ"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Steg"))
    mine = django_filters.BooleanFilter(
        method="only_mine",
        label=_("Bara mina ärenden"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Case
        fields = ["q", "kommun", "kind", "status", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def only_mine(self, queryset, name, value):
        return queryset.filter(applicant=self.request.user) if value else queryset
