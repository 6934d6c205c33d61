import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.cases.filters import visible_systems
from governance.choices import DecisionType
from governance.councils.filters import visible_councils
from governance.models import Decision
from portfolio.filters import ALL


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    council = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_councils, label=_("Råd")
    )
    year = django_filters.NumberFilter(label=_("År"))
    decision_type = django_filters.ChoiceFilter(choices=DecisionType.choices, label=_("Beslut"))
    system = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_systems, field_name="systems", label=_("System")
    )

    class Meta:
        model = Decision
        fields = ["q", "council", "year", "decision_type", "system"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(text__icontains=value) | Q(conditions__icontains=value)
        )
