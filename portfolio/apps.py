from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfölj och organisation")

    def ready(self) -> None:
        from . import panels, rules, signals  # noqa: F401  (policy rules, audit signals)

        panels.register_all()
        from . import initiative_nav

        initiative_nav.register_all()
