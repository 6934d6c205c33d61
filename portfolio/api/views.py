"""API-nycklar (the user's own API tokens) and the API documentation page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView

from portfolio import policy
from portfolio.api import services
from portfolio.api.forms import ApiTokenForm
from portfolio.api.models import ApiToken
from portfolio.generic import PortalView, restricted_or_404, run_action


class ApiTokenView(PortalView):
    """List the user's tokens and create one; the secret is shown once, in this response."""

    template_name = "portfolio/api/tokens.html"

    def get(self, request):
        return self.render(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = services.create_api_token(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    valid_until=form.cleaned_data["valid_until"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                response = self.render(request, ApiTokenForm(), created=token, secret=secret)
                # The secret must not linger in any cache.
                response["Cache-Control"] = "no-store"
                return response
        return self.render(request, form, status=400)

    def render(self, request, form, status=200, **extra):
        tokens = policy.restrict(ApiToken.objects.filter(user=request.user), request.user)
        context = {
            "form": form,
            "tokens": tokens.order_by("-created_at", "-pk"),
            "can_create": policy.can_add(request.user, ApiToken),
            **extra,
        }
        return render(request, self.template_name, context, status=status)


@require_POST
def revoke_token(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    token = restricted_or_404(ApiToken.objects.all(), request.user, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: services.revoke_api_token(actor=request.user, token=token),
        success=_("API-nyckeln ”%(name)s” är återkallad och fungerar inte längre.")
        % {"name": token.name},
        redirect_to=reverse("portfolio:api_tokens"),
    )


class ApiDocsView(PortalView, TemplateView):
    """Swagger UI from static files (drf-spectacular-sidecar), no inline script or style."""

    template_name = "portfolio/api/docs.html"


@extend_schema_view(
    get=extend_schema(
        tags=[gettext_lazy("Dokumentation")],
        summary=gettext_lazy("OpenAPI-schemat"),
        description=gettext_lazy(
            "Det här schemat: alla anrop i API:t med beskrivningar. YAML som standard, "
            "JSON med ?format=json."
        ),
    )
)
class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI schema (signed-in users only, like the rest of the API)."""
