import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.chargeback.models import (
    CostPool,
    DistributionRun,
    ItemKind,
    KeyKind,
    KeyValue,
    PriceList,
    RentalCount,
)
from portfolio.filters import visible_kommuner


class YearFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("År"))


class PriceListFilter(YearFilter):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))

    class Meta:
        model = PriceList
        fields = ["kommun", "year"]


class RentalCountFilter(YearFilter):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    item_kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=_("Utrustning"))

    class Meta:
        model = RentalCount
        fields = ["kommun", "year", "item_kind"]


class CostPoolFilter(YearFilter):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))

    class Meta:
        model = CostPool
        fields = ["kommun", "year"]


class KeyValueFilter(YearFilter):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    key_kind = django_filters.ChoiceFilter(choices=KeyKind.choices, label=_("Nyckel"))

    class Meta:
        model = KeyValue
        fields = ["kommun", "year", "key_kind"]


class RunFilter(YearFilter):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))

    class Meta:
        model = DistributionRun
        fields = ["kommun", "year"]
