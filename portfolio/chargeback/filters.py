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


class KommunYearFilter(django_filters.FilterSet):
    """The fields every chargeback list filters on (a base: no model of its own)."""

    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    year = django_filters.NumberFilter(label=_("År"))


class PriceListFilter(KommunYearFilter):
    class Meta:
        model = PriceList
        fields = ["kommun", "year"]


class RentalCountFilter(KommunYearFilter):
    item_kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=_("Utrustning"))

    class Meta:
        model = RentalCount
        fields = ["kommun", "year", "item_kind"]


class CostPoolFilter(KommunYearFilter):
    class Meta:
        model = CostPool
        fields = ["kommun", "year"]


class KeyValueFilter(KommunYearFilter):
    key_kind = django_filters.ChoiceFilter(choices=KeyKind.choices, label=_("Nyckel"))

    class Meta:
        model = KeyValue
        fields = ["kommun", "year", "key_kind"]


class RunFilter(KommunYearFilter):
    class Meta:
        model = DistributionRun
        fields = ["kommun", "year"]
