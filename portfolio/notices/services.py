"""Notify a person: the in-app notice always, the e-mail when their choice allows.

``notify()`` is the one way the portal tells a user something. It stores a
``Notice`` and, unless the user chose "Endast i portalen" for the kind, sends
the e-mail in the same transaction: a failed send rolls the notice back, so
the caller's retry sends both. Senders keep their own exactly-once rows
(``governance.Notification``, ``ContractReminder``) or pass a ``key``, which is
unique among notices.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.notices.kinds import kinds
from portfolio.notices.models import Notice, NoticeChannel, NoticePreference


def wants_email(user, kind: str) -> bool:
    """True unless ``user`` chose "Endast i portalen" for ``kind``."""
    return not NoticePreference.objects.filter(
        user=user, kind=kind, channel=NoticeChannel.PORTAL_ONLY
    ).exists()


def notify(*, user, kind: str, subject: str, body: str = "", url: str = "", key: str = ""):
    """Store an in-app notice for ``user`` and e-mail it if their choice allows.

    Returns the notice, or None when a notice with ``key`` already exists (sent
    before). E-mail errors propagate (and roll the notice back) so the caller
    can retry. ``url`` is the portal path the notice links to; the e-mail body
    carries its own absolute link.
    """
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                user=user, kind=kind, subject=subject[:300], body=body, url=url[:500], key=key
            )
            if user.email and wants_email(user, kind):
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                Notice.objects.filter(pk=notice.pk).update(emailed=True)
                notice.emailed = True
            forget_unread(user.pk)
    except IntegrityError:
        if key and Notice.objects.filter(key=key).exists():
            return None
        raise
    return notice


#: how long the header's count may be served from the cache without a change
UNREAD_CACHE_SECONDS = 300


def _unread_key(user_id: int) -> str:
    return f"notices:unread:{user_id}"


def unread_count(user) -> int:
    """The number of the user's unread notices, for the header.

    Served from the cache (filled at login and on the first page after a
    change), so a page costs no query for it; every change of a user's notices
    drops the cached number (``forget_unread``), and it expires anyway.
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notice.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def remember_unread(user) -> None:
    """Fill the cache (the ``user_logged_in`` signal calls this)."""
    cache.set(
        _unread_key(user.pk),
        Notice.objects.filter(user=user, read_at__isnull=True).count(),
        UNREAD_CACHE_SECONDS,
    )


def forget_unread(user_id: int) -> None:
    """Drop the cached count now and again on commit (a page between the two may refill it)."""
    key = _unread_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _require_own(actor, notice: Notice) -> None:
    # Someone else's notice is invisible (404 in views); a forged call is refused here.
    if notice.user_id != actor.pk:
        raise ValidationError(_("Du kan bara markera dina egna notiser."))


@transaction.atomic
def mark_notice_read(*, actor, notice: Notice) -> Notice:
    """Mark one of the actor's notices as read (reading it twice changes nothing)."""
    _require_own(actor, notice)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
        forget_unread(actor.pk)
    return notice


@transaction.atomic
def mark_all_notices_read(*, actor) -> int:
    """Mark every unread notice of the actor as read; returns how many."""
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError(_("Logga in för att markera notiser."))
    changed = Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(actor.pk)
    return changed


@transaction.atomic
def save_notice_preferences(*, actor, channels: dict[str, str]) -> None:
    """Store the actor's channel per kind ("email" or "portal"); unknown kinds are refused."""
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError(_("Logga in för att ändra dina notisinställningar."))
    known = {code for code, _label in kinds()}
    for kind, channel in channels.items():
        if kind not in known or channel not in NoticeChannel.values:
            raise ValidationError(_("Okänd typ av notis eller kanal."))
    for kind, channel in channels.items():
        NoticePreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"channel": channel}
        )


def preferences_of(user) -> dict[str, str]:
    """The user's channel per registered kind (default e-post och i portalen)."""
    chosen = dict(
        policy.restrict(NoticePreference.objects.filter(user=user), user).values_list(
            "kind", "channel"
        )
    )
    return {code: chosen.get(code, NoticeChannel.EMAIL_AND_PORTAL) for code, _label in kinds()}
