"""Shared lookups of the maturity views: every object through the policy (invisible → 404)."""

from __future__ import annotations

from django.db.models import Count, Q

from governance.maturity.models import Campaign, Participation, Respondent
from portfolio import policy
from portfolio.generic import restricted_or_404


def campaign_or_404(request, pk, action=policy.VIEW) -> Campaign:
    queryset = Campaign.objects.select_related("questionnaire", "kommun", "samverkan")
    return restricted_or_404(queryset, request.user, pk, action)


def participation_or_404(request, pk, action=policy.VIEW) -> Participation:
    queryset = Participation.objects.select_related(
        "kommun", "campaign__questionnaire", "campaign__samverkan", "campaign__kommun"
    )
    return restricted_or_404(queryset, request.user, pk, action)


def respondent_or_404(request, pk, action=policy.VIEW) -> Respondent:
    queryset = Respondent.objects.select_related(
        "user",
        "forvaltning",
        "participation__kommun",
        "participation__campaign__questionnaire",
    )
    return restricted_or_404(queryset, request.user, pk, action)


def progress(participations) -> dict[int, dict]:
    """Per participation: respondents chosen, started and sent in (counts only, no names)."""
    rows = (
        Respondent.objects.filter(participation__in=participations)
        .values("participation_id")
        .annotate(
            total=Count("pk"),
            started=Count("pk", filter=Q(updated_at__isnull=False)),
            done=Count("pk", filter=Q(completed_at__isnull=False)),
        )
    )
    return {r["participation_id"]: r for r in rows}
