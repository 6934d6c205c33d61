from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Styrning: råd, ärenden och beslut")

    def ready(self) -> None:
        import governance.my_portfolio  # noqa: F401  (Min portfölj: beslut och ärenden)
        from governance import rules  # noqa: F401  (policy rules of the bookkeeping rows)
        from governance.cases import rules as case_rules  # noqa: F401
        from governance.councils import rules as council_rules  # noqa: F401
        from governance.maturity import rules as maturity_rules  # noqa: F401
        from governance.maturity.demo import seed_maturity
        from governance.maturity.panels import my_open_forms
        from governance.meetings import rules as meeting_rules  # noqa: F401
        from governance.meetings.demo import seed_governance
        from governance.meetings.views import decisions_section
        from portfolio.demo import register_seeder
        from portfolio.navigation import register_detail_section, register_nav, register_panel

        register_nav(_("Ärenden"), "governance:case_list", order=55)
        register_nav(_("Råd och möten"), "governance:council_list", order=56)
        register_nav(_("Beslutslogg"), "governance:decision_list", order=57)
        register_nav(_("Digital mognad"), "governance:maturity_home", order=58)
        register_panel("governance/maturity/_panel.html", my_open_forms, order=40)
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
            seed_governance,
            after=("portfolio.portfolio", "portfolio.prioritisation"),
        )
        register_seeder("governance.maturity", seed_maturity, after=("governance",))
