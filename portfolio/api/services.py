"""API tokens: create, revoke, and find the token of a request.

The secret is ``ipk_`` and 43 random URL-safe characters (256 bits). Only its
SHA-256 is stored: with that much randomness a fast hash is enough, and the
lookup is a single indexed query on the hash.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.api.models import ApiToken

TOKEN_PREFIX = "ipk_"  # noqa: S105  (marks a portal token, not a secret)
#: how many leading characters of the secret are kept to tell tokens apart
SHOWN_PREFIX = 10
#: last_used_at is written at most this often per token (one write per call would be a lot)
USE_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def latest_expiry(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)


def _end_of(day: datetime.date) -> datetime.datetime:
    """The token is valid through ``day``: until midnight local time after it."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


@transaction.atomic
def create_api_token(*, actor, name: str, valid_until: datetime.date) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns it and the secret, which is never stored."""
    policy.require_add(actor, ApiToken)
    today = timezone.localdate()
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Ange vad nyckeln ska användas till.")
    if valid_until is None:
        errors["valid_until"] = _("Ange hur länge nyckeln ska gälla.")
    elif valid_until < today:
        errors["valid_until"] = _("Sista giltighetsdag kan inte ligga i det förflutna.")
    elif valid_until > latest_expiry(today):
        errors["valid_until"] = _("En nyckel får gälla högst %(days)s dagar, till %(date)s.") % {
            "days": settings.API_TOKEN_MAX_DAYS,
            "date": latest_expiry(today).isoformat(),
        }
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name,
        prefix=secret[:SHOWN_PREFIX],
        key_hash=hash_key(secret),
        expires_at=_end_of(valid_until),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens at once; a revoked token stays in the list."""
    policy.require(actor, policy.CHANGE, token)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    return locked


def find_token(key: str) -> ApiToken | None:
    """The token with this secret (usable or not), with its user; None if there is none."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def record_token_use(token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Note when the token was last used (at most once a minute, to spare the database)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
