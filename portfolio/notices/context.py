"""The header's unread count: looked up once per request, only if the header shows it."""

from __future__ import annotations

from portfolio.notices.services import unread_count


def unread_for(request):
    """A callable the template calls: at most one cache look-up (and on a miss one COUNT)
    per request."""

    def count() -> int:
        cached = getattr(request, "_notices_unread", None)
        if cached is None:
            cached = unread_count(request.user)
            request._notices_unread = cached
        return cached

    return count
