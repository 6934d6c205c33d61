""" "Finns det redan?": existing systems and initiatives like a new proposal.

Matches on words of the name/description (icontains, works on SQLite and
PostgreSQL) or the same verksamhetsområde, among objects in the user's
kommuner and the partner kommuner of their samverkansorganisationer. Only
what the policy lets the user see is returned. Shared solutions first.
"""

from __future__ import annotations

from django.db.models import Q

from portfolio import policy
from portfolio.choices import SystemKind
from portfolio.models import Initiative, System

MIN_WORD = 4
LIMIT = 10


def partner_kommun_ids(user) -> set[int]:
    """Own kommuner and their samverkan partners (``UserScope.visible_kommun_ids``)."""
    return policy.get_scope(user).visible_kommun_ids()


def _text_q(words, fields):
    q = Q()
    for word in words:
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
    return q


def find_similar(user, text: str = "", area: str = "") -> dict:
    words = [w.strip(".,;:()") for w in text.split()]
    words = [w for w in words if len(w) >= MIN_WORD][:8]
    if not words and not area:
        return {"systems": [], "initiatives": [], "searched": False}
    kommuner = partner_kommun_ids(user)
    match = _text_q(words, ["name", "description"])
    if area:
        match |= Q(area=area)
    systems = (
        policy.restrict(System.objects.filter(kommun__in=kommuner), user, policy.VIEW)
        .filter(match)
        .select_related("kommun", "forvaltning")
        .order_by("kind", "name")[:LIMIT]
    )
    imatch = _text_q(words, ["title", "description", "need"])
    if area:
        imatch |= Q(area=area)
    initiatives = (
        policy.restrict(Initiative.objects.filter(kommun__in=kommuner), user, policy.VIEW)
        .filter(imatch)
        .select_related("kommun", "forvaltning")
        .order_by("-updated_at")[:LIMIT]
    )
    systems = sorted(systems, key=lambda s: (s.kind != SystemKind.KOMMUNGEMENSAMT, s.name))
    for system in systems:
        try:
            system.url = system.get_absolute_url()
        except Exception:  # noqa: BLE001 - system pages may not be installed
            system.url = None
    return {"systems": systems, "initiatives": list(initiatives), "searched": True}
