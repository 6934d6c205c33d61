"""OpenAPI schema extensions of the API (imported by ``PortfolioConfig.ready``)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema (HTTP bearer)."""

    target_class = "portfolio.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "En API-nyckel som du skapar under API-nycklar i portalen: "
                    "Authorization: Bearer <nyckel>. Nyckeln har samma behörighet som du."
                )
            ),
        }
