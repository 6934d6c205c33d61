"""API: kommuner, förvaltningar and the people who can be picked (read only)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers

from portfolio import policy
from portfolio.api.base import PersonSerializer, PolicyViewSet
from portfolio.choices import ForvaltningKind
from portfolio.filters import visible_kommuner
from portfolio.models import Forvaltning, Kommun

TAG = _("Organisation")


class KommunSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kommun
        fields = ["id", "name", "kommunkod", "lan", "public_decisions_enabled"]


class ForvaltningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Forvaltning
        fields = ["id", "kommun", "name", "kind", "change_capacity"]


class KommunFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Sök"))
    kommunkod = django_filters.CharFilter(label=_("Kommunkod"))

    class Meta:
        model = Kommun
        fields = ["q", "kommunkod"]


class ForvaltningFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    kind = django_filters.ChoiceFilter(choices=ForvaltningKind.choices, label=_("Typ"))

    class Meta:
        model = Forvaltning
        fields = ["kommun", "kind"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Kommuner"),
        description=_("Kommunerna du arbetar i och deras samverkanspartner."),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En kommun")),
)
class KommunViewSet(PolicyViewSet):
    queryset = Kommun.objects.order_by("name", "pk")
    serializer_class = KommunSerializer
    filterset_class = KommunFilter


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Förvaltningar"),
        description=_(
            "Förvaltningarna du ser: hela kommunen med en kommunövergripande roll, "
            "annars din egen förvaltning."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En förvaltning")),
)
class ForvaltningViewSet(PolicyViewSet):
    queryset = Forvaltning.objects.order_by("kommun__name", "name", "pk")
    serializer_class = ForvaltningSerializer
    filterset_class = ForvaltningFilter


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Sök på namn eller användarnamn"))
    kommun = django_filters.NumberFilter(method="in_kommun", label=_("Kommun (id)"))

    class Meta:
        model = get_user_model()
        fields = ["q", "kommun"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
        return queryset

    def in_kommun(self, queryset, name, value):
        return queryset.filter(pk__in=policy.people(kommun_id=value).values("pk"))


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Personer"),
        description=_(
            "De personer som kan väljas som systemägare, systemförvaltare eller "
            "kontaktperson i kommunerna du arbetar i (alla med en roll där). "
            "Filtrera med kommun för en viss kommun. E-postadresser visas inte."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En person")),
)
class PersonViewSet(PolicyViewSet):
    """People are not a policy model: who may be picked is ``policy.people()``."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    queryset = get_user_model().objects.order_by("first_name", "last_name", "username", "pk")

    def get_queryset(self):
        scope = policy.get_scope(self.request.user)
        if scope.is_superuser:
            kommun_ids = Kommun.objects.values_list("pk", flat=True)
        else:
            kommun_ids = scope.member_kommun_ids()
        people = policy.people(kommun_ids=kommun_ids).values("pk")
        return self.queryset.filter(pk__in=people)

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (self.queryset.model.DoesNotExist, ValueError):
            raise exceptions.NotFound(_("Finns inte, eller så saknar du behörighet.")) from None


ROUTES = [
    ("kommuner", KommunViewSet, "kommun"),
    ("forvaltningar", ForvaltningViewSet, "forvaltning"),
    ("personer", PersonViewSet, "person"),
]
