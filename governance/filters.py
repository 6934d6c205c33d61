import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.choices import CaseKind, CaseStatus, CouncilKind, DecisionType
from governance.models import Case, Council, Decision
from portfolio import policy
from portfolio.filters import visible_kommuner
from portfolio.models import System


def visible_councils(request):
    if request is None:
        return Council.objects.none()
    return policy.restrict(Council.objects.all(), request.user)


def visible_systems(request):
    if request is None:
        return System.objects.none()
    return policy.restrict(System.objects.all(), request.user).order_by("name")


class CouncilFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    kind = django_filters.ChoiceFilter(choices=CouncilKind.choices, label=_("Typ"))

    class Meta:
        model = Council
        fields = ["kommun", "kind"]


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
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


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    council = django_filters.ModelChoiceFilter(queryset=visible_councils, label=_("Råd"))
    year = django_filters.NumberFilter(label=_("År"))
    decision_type = django_filters.ChoiceFilter(choices=DecisionType.choices, label=_("Beslut"))
    system = django_filters.ModelChoiceFilter(
        queryset=visible_systems, field_name="systems", label=_("System")
    )

    class Meta:
        model = Decision
        fields = ["q", "council", "year", "decision_type", "system"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(text__icontains=value) | Q(conditions__icontains=value)
        )
