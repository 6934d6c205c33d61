"""``Authorization: Bearer <API-nyckel>``: the per-user token of ``portfolio.api.models``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from portfolio.api import services

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A token the user created under API-nycklar; expired and revoked tokens are refused."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the next authentication (the session) may answer
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ange API-nyckeln så här: Authorization: Bearer <nyckel>.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ogiltig API-nyckel.")) from None
        token = services.find_token(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ogiltig API-nyckel."))
        now = timezone.now()
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("API-nyckeln är återkallad."))
        if token.is_expired(now):
            raise exceptions.AuthenticationFailed(_("API-nyckeln har gått ut."))
        services.record_token_use(token, now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'
