"""The context of a prioritisation: a kommun or a samverkansorganisation.

Criteria, gates, budget lines, overrides and rounds belong to one context;
``require_context`` and ``can_run`` ask the policy whether a user reads or
runs it. (Re-exported by ``portfolio.prioritisation.services``.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.models import Initiative, Kommun, Round, Samverkansorganisation


@dataclass(frozen=True)
class Context:
    """A kommun or a samverkansorganisation: whose criteria, budget and rounds."""

    kommun: Kommun | None = None
    samverkan: Samverkansorganisation | None = None

    @property
    def obj(self):
        return self.kommun or self.samverkan

    @property
    def name(self) -> str:
        return str(self.obj)

    @property
    def lookup(self) -> dict:
        return {"kommun": self.kommun, "samverkan": self.samverkan}

    @property
    def query_string(self) -> str:
        if self.kommun:
            return f"kommun={self.kommun.pk}"
        return f"samverkan={self.samverkan.pk}"

    def kommun_ids(self) -> list[int]:
        if self.kommun:
            return [self.kommun.pk]
        return [self.samverkan.host_id, *self.samverkan.members.values_list("pk", flat=True)]

    def initiatives(self):
        if self.kommun:
            return Initiative.objects.filter(kommun=self.kommun)
        shared = Initiative.participants.through.objects.values("initiative_id")
        return Initiative.objects.filter(kommun__in=self.kommun_ids(), pk__in=shared)


def context_for(round_or_line) -> Context:
    return Context(kommun=round_or_line.kommun, samverkan=round_or_line.samverkan)


def where(context: Context) -> dict:
    if context.kommun:
        return {"kommun_id": context.kommun.pk}
    return {"samverkan_id": context.samverkan.pk}


def require_context(user, context: Context, action: str = policy.VIEW) -> None:
    """404 when the user may not read the context, 403 when they may not run it.

    Running a context is the policy's answer for rounds: ``policy.require_add(user, Round, ...)``.
    """
    from django.http import Http404

    from portfolio.prioritisation.rules import ranking_kommuner, ranking_samverkan

    scope = policy.get_scope(user)
    if scope.is_anonymous:
        raise PermissionDenied
    lister = ranking_kommuner if context.kommun else ranking_samverkan
    if not lister(scope).filter(pk=context.obj.pk).exists():
        raise Http404(_("Sidan finns inte."))
    if action != policy.VIEW:
        policy.require_add(user, Round, **where(context))


def can_run(user, context: Context) -> bool:
    """May ``user`` run (configure, budget, override, freeze) this context?"""
    return policy.can_add(user, Round, **where(context))
