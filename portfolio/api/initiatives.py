"""API: the initiative register, with benefits, costs, financing and status history.

Initiatives are written through the portal's ``InitiativeForm`` and
``portfolio.initiatives.services`` (``register_initiative``,
``update_initiative``, ``transition_initiative``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from portfolio.api.base import (
    FormWriteMixin,
    PersonSerializer,
    PolicyViewSet,
    error_detail,
    form_serializer,
)
from portfolio.choices import InitiativeStatus
from portfolio.initiatives import services
from portfolio.initiatives.filters import InitiativeFilter
from portfolio.initiatives.forms import InitiativeForm, StatusChangeForm
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    FinancingLine,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
)
from portfolio.policy import CHANGE

TAG = _("Initiativ")


class RealisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitRealisation
        fields = ["year", "value", "comment"]


class BenefitSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True, allow_null=True, label=_("nyttoägare"))
    realisations = RealisationSerializer(many=True, read_only=True, label=_("realiserad nytta"))

    class Meta:
        model = BenefitLine
        fields = [
            "id",
            "kind",
            "description",
            "owner",
            "yearly_value",
            "first_year",
            "last_year",
            "realisations",
        ]


class InitiativeCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeCost
        fields = ["id", "year", "kind", "nature", "amount", "note"]


class FinancingSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinancingLine
        fields = ["id", "source", "year", "amount", "used", "note"]


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, label=_("utförd av"))

    class Meta:
        model = InitiativeStatusChange
        fields = ["from_status", "to_status", "actor", "at", "comment"]


class InitiativeSerializer(serializers.ModelSerializer):
    contact = PersonSerializer(read_only=True, label=_("kontaktperson"))
    benefits = BenefitSerializer(many=True, read_only=True, label=_("nyttokalkyl"))
    costs = InitiativeCostSerializer(many=True, read_only=True, label=_("kostnader"))
    financing = FinancingSerializer(many=True, read_only=True, label=_("finansiering"))
    status_changes = StatusChangeSerializer(many=True, read_only=True, label=_("statushistorik"))

    class Meta:
        model = Initiative
        fields = [
            "id",
            "kommun",
            "forvaltning",
            "title",
            "description",
            "need",
            "kind",
            "area",
            "contact",
            "status",
            "goals",
            "participants",
            "collaboration_type",
            "alternatives",
            "decision_reference",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
            "benefits",
            "costs",
            "financing",
            "status_changes",
        ]


InitiativeWrite = form_serializer(InitiativeForm, "InitiativeWrite")
StatusChangeWrite = form_serializer(
    StatusChangeForm,
    "InitiativeStatusChangeWrite",
    to_status=serializers.ChoiceField(
        choices=InitiativeStatus.choices,
        label=_("Ny status"),
        help_text=_("Bara övergångar som är tillåtna från initiativets nuvarande status."),
    ),
)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Initiativ"),
        description=_(
            "Initiativen du ser, med nyttokalkyl, kostnader, finansiering och statushistorik. "
            "Filtrera som i initiativlistan."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett initiativ")),
    create=extend_schema(
        tags=[TAG],
        summary=_("Registrera ett initiativ"),
        description=_(
            "Samma fält, kontroller och felmeddelanden som formuläret Nytt initiativ. "
            "Initiativet får status Idé."
        ),
        request=InitiativeWrite,
        responses=InitiativeSerializer,
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary=_("Ändra ett initiativ"),
        description=_("Ange bara fälten som ändras. Status ändras med statusövergången, inte här."),
        request=InitiativeWrite,
        responses=InitiativeSerializer,
    ),
)
class InitiativeViewSet(FormWriteMixin, PolicyViewSet):
    queryset = Initiative.objects.select_related("contact").order_by("-updated_at", "pk")
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    form_class = InitiativeForm
    object_actions = {**PolicyViewSet.object_actions, "transition": CHANGE}

    def base_queryset(self):
        return self.queryset.prefetch_related(
            "goals",
            "participants",
            Prefetch(
                "benefits",
                BenefitLine.objects.select_related("owner").prefetch_related("realisations"),
            ),
            "costs",
            "financing",
            Prefetch("status_changes", InitiativeStatusChange.objects.select_related("actor")),
        )

    def save_form(self, form):
        data = form.cleaned_data
        initiative = form.save(commit=False)
        if initiative.pk is None:
            return services.register_initiative(
                actor=self.request.user,
                initiative=initiative,
                goals=data.get("goals") or [],
                participants=data.get("participants") or [],
            )
        return services.update_initiative(
            actor=self.request.user,
            initiative=initiative,
            goals=data.get("goals") or [],
            participants=data.get("participants") or [],
        )

    @extend_schema(
        tags=[TAG],
        summary=_("Flytta initiativet till en ny status"),
        description=_(
            "Som knappen Ändra status: bara tillåtna övergångar, och Beslutad kräver en "
            "beslutsreferens. Övergången sparas i statushistoriken."
        ),
        request=StatusChangeWrite,
        responses=InitiativeSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status")
    def transition(self, request, pk=None):
        initiative = self.get_object()
        payload = request.data if isinstance(request.data, dict) else {}
        form = StatusChangeForm(payload, initiative=initiative)
        if not form.is_valid():
            errors = error_detail(form.errors)
            if "to_status" in errors:
                errors["to_status"] = [gettext_now("Den statusövergången är inte tillåten.")]
            raise exceptions.ValidationError(errors)
        try:
            services.transition_initiative(
                actor=request.user,
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
                decision_reference=form.cleaned_data["decision_reference"],
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(error_detail(exc)) from None
        return Response(self.get_serializer(self.reread(initiative)).data)


ROUTES = [("initiativ", InitiativeViewSet, "initiative")]
