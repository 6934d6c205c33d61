"""API of the reports app: report jobs and their archived files (read only).

A job is read by everyone with a kommun-wide role in its kommun (a samverkan
report by those who take part in it); its files are the archived bytes, with
their SHA-256, downloaded with the DOWNLOAD right, as on the report page.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action

from portfolio import policy
from portfolio.api.base import PersonSerializer, PolicyViewSet
from portfolio.filters import visible_kommuner
from portfolio.jobs import JobStatus
from reports.choices import FileKind, ReportKind
from reports.models import ReportFile, ReportJob
from reports.views import DOWNLOADABLE, serve_archived

TAG = _("Rapporter")


class ReportFileSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, label=_("fil"))

    class Meta:
        model = ReportFile
        fields = ["kind", "label", "sha256", "size", "page_count", "pdf_variant", "created_at"]


class ReportJobSerializer(serializers.ModelSerializer):
    requested_by = PersonSerializer(read_only=True, label=_("beställd av"))
    adopted_by = PersonSerializer(read_only=True, allow_null=True, label=_("fastställd av"))
    files = ReportFileSerializer(
        source="listed_files", many=True, read_only=True, label=_("arkiverade filer")
    )

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "kommun",
            "samverkan",
            "comparison_samverkan",
            "year",
            "version",
            "status",
            "phase",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "attempts",
            "error",
            "adopted",
            "adopted_by",
            "adopted_at",
            "files",
        ]


class ReportJobFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Rapporttyp"))
    kommun = django_filters.ModelChoiceFilter(queryset=visible_kommuner, label=_("Kommun"))
    samverkan = django_filters.NumberFilter(label=_("Samverkansorganisation (id)"))
    year = django_filters.NumberFilter(label=_("År"))
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))

    class Meta:
        model = ReportJob
        fields = ["kind", "kommun", "samverkan", "year", "status"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Rapporter"),
        description=_(
            "Beställda IT-bokslut och handlingsplaner med status och arkiverade filer "
            "(SHA-256 och storlek)."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En rapport")),
)
class ReportJobViewSet(PolicyViewSet):
    queryset = ReportJob.objects.select_related("requested_by", "adopted_by").order_by(
        "-created_at", "-pk"
    )
    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilter
    object_actions = {**PolicyViewSet.object_actions, "download": policy.DOWNLOAD}

    def base_queryset(self):
        return self.queryset.prefetch_related("files")

    @extend_schema(
        tags=[TAG],
        summary=_("Ladda ned en arkiverad fil"),
        description=_(
            "Filen exakt som den skapades: pdf (för en handlingsplan utkastet), final_pdf "
            "(fastställd handlingsplan) eller xlsx (nyckeltal)."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Filen.")
            ),
            404: OpenApiResponse(description=_("Rapporten eller filen finns inte.")),
        },
    )
    @action(detail=True, methods=["get"], url_path=r"filer/(?P<kind>[a-z_]+)")
    def download(self, request, pk=None, kind=None):
        job = self.get_object()
        if job.status != JobStatus.DONE:
            raise exceptions.NotFound(gettext_now("Rapporten är inte klar."))
        if kind not in DOWNLOADABLE:
            raise exceptions.NotFound(gettext_now("Filen finns inte för den här rapporten."))
        try:
            return serve_archived(job.stored(FileKind(kind)))
        except Http404 as exc:
            raise exceptions.NotFound(str(exc)) from None


ROUTES = [("rapporter", ReportJobViewSet, "reportjob")]
