"""Council services: creating councils, their members and the årshjul's milestones.

Every function takes keyword-only arguments with an ``actor``, asks the policy
(``require_add`` for new objects, ``require_person`` for people) and runs in
one transaction that also re-checks that the result stays visible.
"""

from __future__ import annotations

from django.db import transaction

from governance.models import AnnualMilestone, Council, CouncilMember
from portfolio import policy


@transaction.atomic
def create_council(*, actor, kommun=None, samverkan=None, **fields) -> Council:
    """A new council of ``kommun`` or of ``samverkan`` (exactly one of them)."""
    policy.require_add(
        actor,
        Council,
        **(
            {"samverkan_id": samverkan.pk}
            if samverkan is not None
            else {"kommun_id": kommun.pk if kommun is not None else None}
        ),
    )
    council = Council(kommun=kommun, samverkan=samverkan, **fields)
    council._history_user = actor
    council.full_clean()
    council.save()
    policy.require_still_visible(actor, council)
    return council


@transaction.atomic
def save_member(*, actor, member: CouncilMember) -> CouncilMember:
    """Add ``member`` (unsaved) to its council, or save a change to it.

    The person must have an active role in the council's kommun (or in a
    member kommun of its samverkan) when they are added or replaced; ending
    the membership of someone who has since left the kommun stays possible.
    """
    council = member.council
    policy.require(actor, policy.MANAGE, council)
    stored = CouncilMember.objects.filter(pk=member.pk).first() if member.pk else None
    if stored is not None and stored.council_id != council.pk:
        policy.require(actor, policy.MANAGE, stored.council)
    if stored is None or stored.user_id != member.user_id:
        policy.require_person(
            member.user,
            kommun_id=council.kommun_id,
            samverkan_id=council.samverkan_id,
            field="user",
        )
    member._history_user = actor
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def create_milestone(*, actor, kommun, **fields) -> AnnualMilestone:
    """A new point in ``kommun``'s årshjul."""
    policy.require_add(actor, AnnualMilestone, kommun_id=kommun.pk if kommun else None)
    milestone = AnnualMilestone(kommun=kommun, **fields)
    milestone._history_user = actor
    milestone.full_clean()
    milestone.save()
    policy.require_still_visible(actor, milestone)
    return milestone
