"""API of the governance app: councils, meetings and decisions (read only).

Every list and object goes through the policy as the pages do: a meeting's
non-public material only for the council's members and the stewards, signed
minutes and final, non-secret decisions for everyone in the kommun. A link to
an ärende, initiative or earlier decision the user may not see is left out
(null), so the API never shows more than the decision page.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from governance.choices import MINUTES_STATUS_CHOICES
from governance.councils.filters import CouncilFilter, visible_councils
from governance.meetings.filters import DecisionFilter
from governance.models import AgendaItem, Case, Council, CouncilMember, Decision, Meeting
from portfolio import policy
from portfolio.api.base import PersonSerializer, PolicyViewSet, visible
from portfolio.models import Initiative, System

TAG = _("Styrning")


class VisibleLinkField(serializers.IntegerField):
    """The id of a linked row, or null when the user may not see it (``<name>_visible``)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        if not getattr(instance, f"{self.field_name}_visible", False):
            return None
        return getattr(instance, f"{self.field_name}_id")


class MemberSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True, label=_("person"))

    class Meta:
        model = CouncilMember
        fields = ["user", "role", "valid_from", "valid_until"]


class CouncilSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True, label=_("typ (text)"))
    members = MemberSerializer(many=True, read_only=True, label=_("ledamöter"))

    class Meta:
        model = Council
        fields = [
            "id",
            "name",
            "kommun",
            "samverkan",
            "kind",
            "kind_label",
            "remit",
            "meetings_per_year",
            "is_active",
            "members",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    case = VisibleLinkField(label=_("ärende"))

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "kind", "title", "text", "case", "prioritisation_round"]


class DecisionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "paragraph", "title", "decision_type"]


class MeetingSerializer(serializers.ModelSerializer):
    secretary = PersonSerializer(read_only=True, allow_null=True, label=_("sekreterare"))
    adjuster = PersonSerializer(read_only=True, allow_null=True, label=_("justerare"))
    items = AgendaItemSerializer(many=True, read_only=True, label=_("föredragningslista"))
    decisions = DecisionBriefSerializer(
        source="visible_decisions", many=True, read_only=True, label=_("beslut som du ser")
    )
    minutes_status = serializers.ChoiceField(
        choices=MINUTES_STATUS_CHOICES, read_only=True, label=_("protokollets status")
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "council",
            "starts_at",
            "place",
            "secretary",
            "adjuster",
            "agenda_published_at",
            "signed_at",
            "minutes_status",
            "items",
            "decisions",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    paragraph = serializers.CharField(read_only=True, label=_("§"))
    reference = serializers.CharField(read_only=True, label=_("beslutsreferens"))
    is_final = serializers.BooleanField(read_only=True, label=_("justerat"))
    case = VisibleLinkField(label=_("ärende"))
    initiative = VisibleLinkField(label=_("initiativ"))
    corrects = VisibleLinkField(label=_("rättar beslut"))
    systems = serializers.SerializerMethodField(label=_("system som du ser"))

    class Meta:
        model = Decision
        fields = [
            "id",
            "paragraph",
            "number",
            "year",
            "reference",
            "is_delegation",
            "council",
            "kommun",
            "meeting",
            "decision_type",
            "title",
            "text",
            "conditions",
            "is_secret",
            "decision_date",
            "decided_at",
            "adjusted_at",
            "effective_at",
            "is_final",
            "case",
            "initiative",
            "corrects",
            "systems",
        ]

    def get_systems(self, decision) -> list[int]:
        return [s.pk for s in decision.visible_systems]


class MeetingFilter(django_filters.FilterSet):
    council = django_filters.ModelChoiceFilter(queryset=visible_councils, label=_("Råd"))
    year = django_filters.NumberFilter(field_name="starts_at__year", label=_("År"))
    signed = django_filters.BooleanFilter(
        field_name="signed_at", lookup_expr="isnull", exclude=True, label=_("Justerat")
    )

    class Meta:
        model = Meeting
        fields = ["council", "year", "signed"]


class ApiCouncilFilter(CouncilFilter):
    samverkan = django_filters.NumberFilter(label=_("Samverkansorganisation (id)"))

    class Meta(CouncilFilter.Meta):
        fields = [*CouncilFilter.Meta.fields, "samverkan"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Råd och grupper"),
        description=_(
            "Råden i kommunerna du arbetar i och i samverkan du deltar i, med ledamöter."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett råd")),
)
class CouncilViewSet(PolicyViewSet):
    queryset = Council.objects.order_by("name", "pk")
    serializer_class = CouncilSerializer
    filterset_class = ApiCouncilFilter

    def base_queryset(self):
        return self.queryset.prefetch_related(
            Prefetch(
                "members",
                CouncilMember.objects.select_related("user").order_by("role", "user__last_name"),
            )
        )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Sammanträden"),
        description=_(
            "Sammanträden med föredragningslista. Ett ojusterat sammanträde ser bara rådets "
            "ledamöter och kommunens IT-strateg och administratör; ett justerat protokoll "
            "är allmänt för alla i kommunen."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett sammanträde")),
)
class MeetingViewSet(PolicyViewSet):
    queryset = Meeting.objects.select_related("secretary", "adjuster", "minutes_job").order_by(
        "-starts_at", "pk"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def base_queryset(self):
        user = self.request.user
        items = AgendaItem.objects.annotate(case_visible=visible(Case, user, "case_id"))
        decisions = policy.restrict(Decision.objects.order_by("number"), user)
        return self.queryset.prefetch_related(
            Prefetch("items", items.order_by("order", "pk")),
            Prefetch("decisions", decisions, to_attr="visible_decisions"),
        )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Beslut"),
        description=_(
            "Beslutsloggen: beslut du får se, filtrerbara som på sidan Beslutslogg. Ett "
            "ärende, initiativ eller tidigare beslut som du inte får se visas som null."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett beslut")),
)
class DecisionViewSet(PolicyViewSet):
    queryset = Decision.objects.select_related("council", "meeting").order_by(
        "-year", "-number", "pk"
    )
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def base_queryset(self):
        user = self.request.user
        systems = policy.restrict(System.objects.order_by("name", "pk"), user)
        return self.queryset.annotate(
            case_visible=visible(Case, user, "case_id"),
            initiative_visible=visible(Initiative, user, "initiative_id"),
            corrects_visible=visible(Decision, user, "corrects_id"),
        ).prefetch_related(Prefetch("systems", systems, to_attr="visible_systems"))


ROUTES = [
    ("rad", CouncilViewSet, "council"),
    ("sammantraden", MeetingViewSet, "meeting"),
    ("beslut", DecisionViewSet, "decision"),
]
