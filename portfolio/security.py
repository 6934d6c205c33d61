"""Registrations of the security area (issue 7): Granskning nav, OIDC system check."""

from django.utils.translation import gettext_lazy as _

from portfolio.choices import Role
from portfolio.navigation import register_nav


def register_all() -> None:
    from portfolio import oidc  # noqa: F401  (registers the OIDC configuration check)

    register_nav(
        _("Granskning"),
        "portfolio:audit_list",
        roles={Role.ADMINISTRATOR, Role.LASARE},
        order=95,
    )
