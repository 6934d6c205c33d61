"""How a person is named in a person picker: their roles where they are picked.

``policy.people()`` answers who may be picked; this module only labels them,
"Anna Berg (Systemägare, Socialförvaltningen)", with one query for every
person of the list.
"""

from __future__ import annotations

from collections import defaultdict

from portfolio import policy


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def role_labels(user_ids, kommun_ids) -> dict[int, list[str]]:
    """The roles each user holds in these kommuner: "Systemägare, Socialförvaltningen".

    The place is the förvaltning, the kommun or the samverkan of the role; with
    more than one kommun in play a förvaltning also names its kommun.
    """
    labels: dict[int, list[str]] = defaultdict(list)
    if not kommun_ids or not user_ids:
        return labels
    several = len(kommun_ids) > 1
    assignments = (
        policy.roles_in(kommun_ids)
        .filter(user_id__in=user_ids)
        .select_related("kommun", "forvaltning__kommun", "samverkan")
        .order_by("role", "pk")
    )
    for a in assignments:
        if a.forvaltning_id:
            place = a.forvaltning.name
            if several:
                place = f"{place}, {a.forvaltning.kommun.name}"
        else:
            place = (a.kommun or a.samverkan).name
        text = f"{a.get_role_display()}, {place}"
        if text not in labels[a.user_id]:
            labels[a.user_id].append(text)
    return labels


def person_label(user, roles: list[str] | None = None) -> str:
    """ "Anna Berg (Systemägare, Socialförvaltningen)"; without roles "Anna Berg (anna.berg)"."""
    name = user.get_full_name()
    if roles:
        return f"{name or user.get_username()} ({'; '.join(roles)})"
    return f"{name} ({user.get_username()})" if name else user.get_username()
