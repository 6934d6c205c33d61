"""Login page: local username/password and, when enabled, single sign-on."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class PortalLoginView(LoginView):
    """Django's login view, with the local form switchable off (LOCAL_LOGIN_ENABLED).

    Django's ``login()`` already rotates the session key (``cycle_key``).
    """

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            raise PermissionDenied(
                _("Inloggning med lösenord är avstängd. Logga in med kommunens konto (SSO).")
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["local_login_enabled"] = settings.LOCAL_LOGIN_ENABLED
        return context
