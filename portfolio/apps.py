from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfölj och organisation")

    def ready(self) -> None:
        from . import panels, rules, security, signals  # noqa: F401  (policy rules, audit signals)

        panels.register_all()
        security.register_all()
