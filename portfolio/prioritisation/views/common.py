"""Helpers shared by the prioritisation views: the kommun/samverkan context, year and redirects."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.models import (
    Initiative,
)
from portfolio.prioritisation import services
from portfolio.prioritisation.rules import ranking_kommuner, ranking_samverkan


def default_year() -> int:
    """The ranking looks at next year's budget by default."""
    return timezone.localdate().year + 1


def int_param(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def get_context(request) -> services.Context:
    """The kommun or samverkan of the request; 404 if the user may not read it."""
    scope = policy.get_scope(request.user)
    params = request.POST if request.method == "POST" else request.GET
    samverkan_id = int_param(params.get("samverkan") or request.GET.get("samverkan"))
    kommun_id = int_param(params.get("kommun") or request.GET.get("kommun"))
    if samverkan_id:
        samverkan = get_object_or_404(
            ranking_samverkan(scope).select_related("host"), pk=samverkan_id
        )
        return services.Context(samverkan=samverkan)
    kommuner = ranking_kommuner(scope).order_by("name")
    if kommun_id:
        return services.Context(kommun=get_object_or_404(kommuner, pk=kommun_id))
    first = kommuner.first()
    if first is None:
        raise Http404(_("Sidan finns inte."))
    return services.Context(kommun=first)


def base_context(request, context: services.Context, year: int | None = None) -> dict:
    scope = policy.get_scope(request.user)
    return {
        "ctx": context,
        "ctx_qs": context.query_string,
        "year": year,
        "can_run": services.can_run(request.user, context),
        "kommun_choices": ranking_kommuner(scope).order_by("name"),
        "samverkan_choices": ranking_samverkan(scope).order_by("name"),
    }


def redirect_in_context(name, context: services.Context, extra: str = "", args=None):
    url = reverse(name, args=args or [])
    return HttpResponseRedirect(f"{url}?{context.query_string}{extra}")


def visible_ids(user, ids) -> set[int]:
    return set(
        policy.restrict(Initiative.objects.filter(pk__in=list(ids)), user).values_list(
            "pk", flat=True
        )
    )
