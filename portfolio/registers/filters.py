import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import (
    ContractStatus,
    Lifecycle,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.filters import ALL, DateInput, visible_kommuner
from portfolio.forms import FastSelect
from portfolio.models import Contract, Forvaltning, Supplier, System

#: systems in use that lack a K/R/T classification or a PUB-avtal (the start page's Att göra)
IN_USE = ~Q(lifecycle__in=(Lifecycle.AVVECKLAD, Lifecycle.ARKIV))
GAP_Q = {
    "krt": IN_USE
    & (
        Q(confidentiality__isnull=True)
        | Q(integrity__isnull=True)
        | Q(availability_class__isnull=True)
    ),
    "pub": IN_USE & Q(personal_data=True, pub_agreement=False),
}
GAP_CHOICES = [
    ("krt", _("K/R/T-klassning")),
    ("pub", _("PUB-avtal (har personuppgifter)")),
]


def visible_forvaltningar(request):
    if request is None:
        return Forvaltning.objects.none()
    return policy.restrict(Forvaltning.objects.select_related("kommun"), request.user)


def suppliers_with_visible_contracts(request):
    """The suppliers the contract list can show: those with a contract the user may read."""
    if request is None:
        return Supplier.objects.none()
    contracts = policy.restrict(Contract.objects.all(), request.user)
    return Supplier.objects.filter(pk__in=contracts.values("supplier_id")).order_by("name")


ATTESTATION_CHOICES = [("ej", _("Ej bekräftade")), ("ja", _("Bekräftade"))]


class SystemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_kommuner, label=_("Kommun"), widget=FastSelect
    )
    forvaltning = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_forvaltningar, label=_("Förvaltning"), widget=FastSelect
    )
    kind = django_filters.ChoiceFilter(
        choices=SystemKind.choices, label=_("Typ"), widget=FastSelect
    )
    category = django_filters.ChoiceFilter(
        choices=SystemCategory.choices, label=_("Kategori"), widget=FastSelect
    )
    area = django_filters.ChoiceFilter(
        choices=Verksamhetsomrade.choices, label=_("Verksamhetsområde"), widget=FastSelect
    )
    lifecycle = django_filters.ChoiceFilter(
        choices=Lifecycle.choices, label=_("Livscykel"), widget=FastSelect
    )
    saknar = django_filters.ChoiceFilter(
        choices=GAP_CHOICES, method="filter_gap", label=_("Saknar"), widget=FastSelect
    )
    mine = django_filters.BooleanFilter(
        method="only_mine",
        label=_("Bara system jag äger"),
        widget=django_filters.widgets.BooleanWidget,
    )
    bekraftelse = django_filters.ChoiceFilter(
        choices=ATTESTATION_CHOICES,
        method="filter_attestation",
        label=_("Årlig bekräftelse"),
        widget=FastSelect,
    )

    class Meta:
        model = System
        fields = [
            "q",
            "kommun",
            "forvaltning",
            "kind",
            "category",
            "area",
            "lifecycle",
            "saknar",
            "mine",
            "bekraftelse",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_gap(self, queryset, name, value):
        return queryset.filter(GAP_Q[value]) if value in GAP_Q else queryset

    def only_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(owner=self.request.user)
        return queryset

    def filter_attestation(self, queryset, name, value):
        """Systems whose latest campaign's row is (not) confirmed."""
        from portfolio.attestation.services import with_attestation

        queryset = with_attestation(queryset).filter(attestation_year__isnull=False)
        return queryset.filter(attestation_confirmed_at__isnull=value == "ej")


class ContractFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ContractStatus.choices, method="filter_status", label=_("Status"), widget=FastSelect
    )
    supplier = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        queryset=suppliers_with_visible_contracts,
        label=_("Leverantör"),
        widget=FastSelect,
    )
    cancel_before = django_filters.DateFilter(
        method="filter_cancel_before",
        label=_("Sista uppsägningsdag senast"),
        widget=DateInput,
    )

    class Meta:
        model = Contract
        fields = ["status", "supplier", "cancel_before"]

    def filter_status(self, queryset, name, value):
        # The status depends on today's date and the notice period in months.
        today = timezone.localdate()
        ids = [
            c.pk
            for c in queryset.select_related(None).only("pk", "end_date", "notice_months")
            if c.status(today) == value
        ]
        return queryset.filter(pk__in=ids)

    def filter_cancel_before(self, queryset, name, value):
        ids = [
            c.pk
            for c in queryset.select_related(None).only("pk", "end_date", "notice_months")
            if c.last_cancel_date <= value
        ]
        return queryset.filter(pk__in=ids)


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))

    class Meta:
        model = Supplier
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(org_number__icontains=value) | Q(contact__icontains=value)
        )
