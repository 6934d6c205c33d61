from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styrning: råd, ärenden och beslut")

    def ready(self) -> None:
        from portfolio.demo import register_seeder
        from portfolio.navigation import register_detail_section, register_nav

        from . import demo, rules  # noqa: F401  (policy rules)
        from .views import decisions_section

        register_nav(_("Ärenden"), "governance:case_list", order=55)
        register_nav(_("Råd och möten"), "governance:council_list", order=56)
        register_nav(_("Beslutslogg"), "governance:decision_list", order=57)
        for label in ("portfolio.initiative", "portfolio.system"):
            register_detail_section(
                label,
                _("Ärenden och beslut"),
                "governance/_decisions_section.html",
                decisions_section,
                order=50,
            )
        # The demo ärenden pick initiatives by the status the portfolio and
        # prioritisation demos leave them in.
        register_seeder(
            "governance",
            demo.seed_governance,
            after=("portfolio.portfolio", "portfolio.prioritisation"),
        )
