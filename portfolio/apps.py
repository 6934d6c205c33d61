from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfölj och organisation")

    def ready(self) -> None:
        """Everything the portfolio app adds to the shared registries, in one place.

        Menu entries, start-page panels and demo seeders of each capability
        package; the policy rules register themselves when their module is imported.
        """
        from portfolio import oidc, policy, signals  # noqa: F401  (OIDC system check, audit signals)
        from portfolio.api import rules as api_rules  # noqa: F401
        from portfolio.api import schema as api_schema  # noqa: F401  (the token in OpenAPI)
        from portfolio.audit import rules as audit_rules  # noqa: F401

        # Organisation, registers, audit.
        from portfolio.audit.panels import audit_summary
        from portfolio.chargeback import rules as chargeback_rules
        from portfolio.demo import register_seeder
        from portfolio.imports import rules as import_rules  # noqa: F401
        from portfolio.initiatives import rules as initiative_rules  # noqa: F401
        from portfolio.models import RoleAssignment
        from portfolio.navigation import (
            ADMINISTRATION,
            PORTFOLJ,
            REGISTER,
            register_nav,
            register_panel,
        )
        from portfolio.organisation import rules as organisation_rules
        from portfolio.organisation.demo import seed_base
        from portfolio.organisation.panels import my_organisation, my_roles, role_admin
        from portfolio.prioritisation import rules as prioritisation_rules
        from portfolio.registers import rules as register_rules  # noqa: F401

        register_nav(_("Översikt"), "portfolio:home", order=0)
        register_nav(_("System"), "portfolio:system_list", order=10, section=REGISTER)
        register_nav(_("Avtal"), "portfolio:contract_list", order=12, section=REGISTER)
        register_nav(_("Leverantörer"), "portfolio:supplier_list", order=14, section=REGISTER)
        register_nav(_("Kommuner"), "portfolio:kommun_list", order=80, section=ADMINISTRATION)
        register_nav(_("Samverkan"), "portfolio:samverkan_list", order=85, section=ADMINISTRATION)
        register_nav(
            _("Roller"),
            "portfolio:role_list",
            when=lambda user: policy.can_add(user, RoleAssignment),
            order=90,
            section=ADMINISTRATION,
        )
        register_nav(
            _("Granskning"),
            "portfolio:audit_list",
            when=organisation_rules.reads_audit_trail,
            order=95,
            section=ADMINISTRATION,
        )
        register_panel("portfolio/organisation/panels/_my_roles.html", my_roles, order=1000)
        register_panel(
            "portfolio/organisation/panels/_my_organisation.html", my_organisation, order=900
        )
        register_panel("portfolio/organisation/panels/_role_admin.html", role_admin, order=950)
        register_panel("portfolio/audit/panels/_audit.html", audit_summary, order=960)
        register_seeder("portfolio.organisations", seed_base)

        # Global search (the header's search box): what the registers let users find.
        from portfolio.search.services import register_source

        register_source(
            _("System"),
            "portfolio.system",
            ("name", "description"),
            describe=lambda s: s.kommun.name,
            select_related=("kommun",),
            order=10,
            list_url_name="portfolio:system_list",
        )
        register_source(
            _("Avtal"),
            "portfolio.contract",
            ("number", "supplier__name", "system__name"),
            describe=lambda c: c.system.name,
            select_related=("supplier", "system"),
            order=12,
        )
        register_source(
            _("Leverantörer"),
            "portfolio.supplier",
            ("name", "org_number"),
            order=14,
            list_url_name="portfolio:supplier_list",
        )
        register_source(
            _("Initiativ"),
            "portfolio.initiative",
            ("title", "description"),
            describe=lambda i: f"{i.kommun.name} · {i.get_status_display()}",
            select_related=("kommun",),
            order=30,
            list_url_name="portfolio:initiative_list",
        )

        # API-nycklar (the REST API itself is routed in config/api.py).
        from portfolio.api.demo import seed_api_tokens

        register_seeder("portfolio.api_tokens", seed_api_tokens, after=("portfolio.organisations",))

        # Initiatives and Min portfölj (the demo seeder also fills the registers).
        from portfolio.initiatives.demo import seed_portfolio
        from portfolio.initiatives.panels import fc_panel

        register_nav(_("Initiativ"), "portfolio:initiative_list", order=30, section=PORTFOLJ)
        register_nav(_("Min portfölj"), "portfolio:my_portfolio", order=32, section=PORTFOLJ)
        register_nav(_("Mål"), "portfolio:goal_list", order=35, section=PORTFOLJ)
        register_nav(_("Färdplan"), "portfolio:roadmap", order=36, section=PORTFOLJ)
        register_panel("portfolio/initiatives/panels/_my_portfolio.html", fc_panel, order=20)
        # (strateg_panel's counts per status are now the start page's chart and Att göra.)
        register_seeder("portfolio.portfolio", seed_portfolio, after=("portfolio.organisations",))

        # Prioritisation.
        from portfolio.prioritisation.demo import seed_prioritisation
        from portfolio.prioritisation.panels import it_strateg_panel

        register_nav(
            _("Prioritering"),
            "portfolio:prioritisation_ranking",
            when=prioritisation_rules.reads_ranking,
            order=40,
            section=PORTFOLJ,
        )
        register_panel("portfolio/prioritisation/_panel.html", it_strateg_panel, order=50)
        register_seeder(
            "portfolio.prioritisation", seed_prioritisation, after=("portfolio.portfolio",)
        )

        # Att göra on the start page, and the role charts under it.
        from portfolio.todo import providers as todo
        from portfolio.todo.charts import role_charts
        from portfolio.todo.registry import register_todo

        register_todo(todo.initiative_todos, order=30)
        register_todo(todo.scoring_todos, order=35)
        register_todo(todo.contract_todos, order=15)
        register_todo(todo.system_todos, order=10)
        from portfolio.attestation.services import attestation_todos

        register_todo(attestation_todos, order=12)
        register_panel("portfolio/todo/_charts.html", role_charts, order=15)
        # Notiser (in-app notifications) and the yearly attestation (issue 17).
        # The header's unread count is cached from the login on (no query per page).
        from django.contrib.auth.signals import user_logged_in

        from portfolio.attestation import rules as attestation_rules
        from portfolio.attestation.demo import seed_attestation
        from portfolio.notices import rules as notice_rules  # noqa: F401
        from portfolio.notices.demo import seed_notices
        from portfolio.notices.kinds import register_kind
        from portfolio.notices.services import remember_unread

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: remember_unread(user),
            dispatch_uid="portfolio.notices.remember_unread",
            weak=False,
        )
        register_kind("attestation", _("Årlig bekräftelse av system"), order=10)
        register_kind("contract_reminder", _("Påminnelse om avtal"), order=20)
        register_nav(
            _("Bekräftelse"),
            "portfolio:attestation_home",
            when=attestation_rules.takes_part,
            order=16,
            section=REGISTER,
        )
        register_seeder("portfolio.attestation", seed_attestation, after=("portfolio.portfolio",))
        register_seeder(
            "portfolio.notices",
            seed_notices,
            after=("portfolio.attestation", "portfolio.portfolio"),
        )
        # The multi-year IT budget (seed 004).
        from portfolio.budget import rules as budget_rules
        from portfolio.budget.demo import seed_budget

        register_nav(
            _("IT-budget"),
            "portfolio:budget_list",
            when=budget_rules.reads_budgets,
            order=42,
            section=PORTFOLJ,
        )
        register_seeder("portfolio.budget", seed_budget, after=("portfolio.prioritisation",))
        from portfolio.budget.todo import budget_todos

        register_todo(budget_todos, order=50)
        # Hyressystem and debiteringsmodell (issue 16).
        from portfolio.chargeback import my_portfolio as chargeback_my_portfolio  # noqa: F401
        from portfolio.chargeback.demo import seed_chargeback

        register_nav(
            _("Debitering"),
            "portfolio:chargeback_home",
            when=chargeback_rules.reads_chargeback,
            order=45,
            section=PORTFOLJ,
        )
        register_seeder("portfolio.chargeback", seed_chargeback, after=("portfolio.portfolio",))
