"""API: prioritisation rounds and their frozen rankings (read only).

A frozen round's ranking is its snapshot, exactly as the round page shows it:
a row of an initiative the user may not see keeps its position and nothing
else ("visible": false).
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from portfolio import policy
from portfolio.api.base import PersonSerializer, PolicyViewSet
from portfolio.filters import visible_kommuner
from portfolio.models import Initiative, Round
from portfolio.prioritisation.models import RoundStatus

TAG = _("Prioritering")


class RoundSerializer(serializers.ModelSerializer):
    frozen_by = PersonSerializer(read_only=True, allow_null=True, label=_("fryst av"))

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "year",
            "status",
            "kommun",
            "samverkan",
            "frozen_at",
            "frozen_by",
            "created_at",
        ]


SNAPSHOT_FIGURES = ("source", "source_label", "budget", "used", "remaining", "line_after")


class RoundDetailSerializer(RoundSerializer):
    figures = serializers.SerializerMethodField(
        label=_("budget vid frysningen"),
        help_text=_(
            "Budgetkälla, budget, använt och kvar (belopp som decimaltext) och line_after: "
            "budgetgränsen dras efter denna plats. Tomt för en öppen omgång."
        ),
    )
    criteria = serializers.SerializerMethodField(
        label=_("kriterier vid frysningen"), help_text=_("Namn, vikt och riktning per kriterium.")
    )
    ranking = serializers.SerializerMethodField(
        label=_("rangordning vid frysningen"),
        help_text=_(
            "Raderna i ordning. Ett initiativ du inte får se visar bara sin plats och "
            '"visible": false.'
        ),
    )
    failing = serializers.SerializerMethodField(
        label=_("uppfyllde inte ska-krav"), help_text=_("Som rangordningen, med ska-kraven.")
    )

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "figures", "criteria", "ranking", "failing"]

    def _visible(self, round_) -> set[int]:
        cached = getattr(round_, "_visible_ids", None)
        if cached is None:
            snap = round_.snapshot or {}
            ids = [r["id"] for r in snap.get("ranking", []) + snap.get("failing", [])]
            cached = set(
                policy.restrict(
                    Initiative.objects.filter(pk__in=ids), self.context["request"].user
                ).values_list("pk", flat=True)
            )
            round_._visible_ids = cached
        return cached

    def _rows(self, round_, key) -> list[dict]:
        visible = self._visible(round_)
        return [
            {**row, "visible": True}
            if row["id"] in visible
            else {"position": row.get("position"), "visible": False}
            for row in (round_.snapshot or {}).get(key, [])
        ]

    def get_figures(self, round_) -> dict:
        snap = round_.snapshot or {}
        return {k: snap[k] for k in SNAPSHOT_FIGURES if k in snap}

    def get_criteria(self, round_) -> list[dict]:
        return list((round_.snapshot or {}).get("criteria", []))

    def get_ranking(self, round_) -> list[dict]:
        return self._rows(round_, "ranking")

    def get_failing(self, round_) -> list[dict]:
        return self._rows(round_, "failing")


class RoundFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    samverkan = django_filters.NumberFilter(label=_("Samverkansorganisation (id)"))
    year = django_filters.NumberFilter(label=_("År"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))

    class Meta:
        model = Round
        fields = ["kommun", "samverkan", "year", "status"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Prioriteringsomgångar"),
        description=_(
            "Omgångarna i kommunerna du arbetar i och i samverkan du deltar i. "
            "Rangordningen finns på den enskilda omgången."
        ),
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary=_("En prioriteringsomgång med sin frysta rangordning"),
        description=_(
            "En fryst omgång visar ögonblicksbilden från frysningen: rangordning, poäng, "
            "ska-krav, budgetgräns och manuella ändringar. Den ändras aldrig."
        ),
        responses=RoundDetailSerializer,
    ),
)
class RoundViewSet(PolicyViewSet):
    queryset = Round.objects.select_related("frozen_by").order_by("-year", "-pk")
    serializer_class = RoundSerializer
    filterset_class = RoundFilter

    def base_queryset(self):
        if self.action == "list":
            # The snapshot can be large; the list does not show it.
            return self.queryset.defer("snapshot")
        return self.queryset.all()

    def get_serializer_class(self):
        return RoundDetailSerializer if self.action == "retrieve" else RoundSerializer


ROUTES = [("prioriteringsomgangar", RoundViewSet, "round")]
