"""Open-data services: a kommun's publication setting."""

from __future__ import annotations

from django.db import transaction

from governance.opendata.models import OpenDataPublication
from portfolio import policy
from portfolio.models import Kommun

FIELDS = ("publish_decisions", "publish_systems", "licence", "description", "contact_email")


def publication_for(kommun) -> OpenDataPublication:
    """The kommun's stored setting, or an unsaved one with the defaults (nothing published)."""
    return OpenDataPublication.objects.filter(kommun=kommun).first() or OpenDataPublication(
        kommun=kommun
    )


def require_change(actor, publication: OpenDataPublication) -> None:
    """404 when the kommun is invisible to ``actor``, 403 unless they may change the setting."""
    policy.require(actor, policy.VIEW, publication.kommun)
    if publication.pk is None:
        policy.require_add(actor, OpenDataPublication, kommun_id=publication.kommun_id)
    else:
        policy.require(actor, policy.CHANGE, publication)


@transaction.atomic
def save_open_data(*, actor, kommun, **fields) -> OpenDataPublication:
    """Set what ``kommun`` publishes as open data, and under which licence.

    Only the kommun's IT-strateg or administratör (the policy's stewards) may;
    the row is created on first save. Unknown fields are refused.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"save_open_data: unknown fields {sorted(unknown)}")
    # Lock the kommun: two first saves at once must not both create the row.
    kommun = Kommun.objects.select_for_update().get(pk=kommun.pk)
    publication = publication_for(kommun)
    require_change(actor, publication)
    for name, value in fields.items():
        setattr(publication, name, value)
    publication._history_user = actor
    publication.full_clean()
    publication.save()
    policy.require_still_visible(actor, publication)
    return publication
