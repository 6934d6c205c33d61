from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfölj och organisation")

    def ready(self) -> None:
        from . import panels, rules, security, signals  # noqa: F401  (policy rules, audit signals)

        panels.register_all()
        # Order matters for the demo seeders: portfolio data before prioritisation.
        from . import initiative_nav, prioritisation_rules  # noqa: F401
        from .views.prioritisation import register_prioritisation_nav

        initiative_nav.register_all()
        register_prioritisation_nav()
        security.register_all()
