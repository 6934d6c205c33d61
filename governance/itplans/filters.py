import django_filters
from django.utils.translation import gettext_lazy as _

from governance.choices import ITPlanStatus
from governance.models import ITPlan
from portfolio.filters import visible_kommuner


class ITPlanFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    year = django_filters.NumberFilter(label=_("Planens första år"))
    status = django_filters.ChoiceFilter(choices=ITPlanStatus.choices, label=_("Status"))

    class Meta:
        model = ITPlan
        fields = ["kommun", "year", "status"]
