import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.documents.models import DocumentKind, GoverningDocument
from portfolio.filters import ALL, visible_kommuner
from portfolio.forms import FastSelect
from portfolio.models import Samverkansorganisation

CURRENT, ALL_VERSIONS = "gallande", "alla"
REVISION_SOON_DAYS = 90


class GoverningDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök"))
    kommun = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        queryset=visible_kommuner,
        label=_("Kommun"),
        method="in_kommun",
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        choices=DocumentKind.choices, label=_("Dokumenttyp"), widget=FastSelect
    )
    revision = django_filters.ChoiceFilter(
        choices=[("snart", _("Inom 90 dagar eller passerad"))],
        label=_("Revision"),
        method="revision_soon",
        widget=FastSelect,
    )
    versions = django_filters.ChoiceFilter(
        choices=[(ALL_VERSIONS, _("Även ersatta versioner"))],
        empty_label=_("Gällande versioner"),
        label=_("Versioner"),
        method="with_versions",
        widget=FastSelect,
    )

    class Meta:
        model = GoverningDocument
        fields = ["q", "kommun", "kind", "revision", "versions"]

    @property
    def qs(self):
        queryset = super().qs
        if getattr(self.form, "cleaned_data", {}).get("versions") != ALL_VERSIONS:
            queryset = queryset.filter(superseded_by__isnull=True)
        return queryset

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def in_kommun(self, queryset, name, value):
        samverkan = Samverkansorganisation.objects.filter(Q(members=value) | Q(host=value))
        return queryset.filter(Q(kommun=value) | Q(samverkan__in=samverkan.values("pk")))

    def revision_soon(self, queryset, name, value):
        limit = timezone.localdate() + datetime.timedelta(days=REVISION_SOON_DAYS)
        return queryset.filter(revision_date__lte=limit)

    def with_versions(self, queryset, name, value):
        return queryset  # applied in ``qs`` (the default shows current versions only)
