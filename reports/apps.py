from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapporter: IT-bokslut och handlingsplan")

    def ready(self) -> None:
        from portfolio.demo import register_seeder
        from portfolio.navigation import RAPPORTER, register_nav, register_panel
        from portfolio.todo.registry import register_todo

        from . import demo, rules  # noqa: F401  (policy rules)
        from .panels import latest_reports

        register_nav(_("Rapporter"), "reports:archive", order=70, section=RAPPORTER)
        from .todo import report_todos

        register_todo(report_todos, order=50)
        register_panel("reports/_panel_latest.html", latest_reports, order=500)
        register_seeder("reports", demo.seed_reports, after=("governance",))
        self._register_governance_sections()
        self._register_it_plan_sections()

    @staticmethod
    def _register_governance_sections() -> None:
        from reports import collect
        from reports.sections.governance import approved_cases, section_decisions

        collect.register_section(
            "decisions",
            section_decisions,
            title=_("Årets beslut"),
            template="reports/pdf/_decisions.html",
            after="development",
        )
        collect.register_plan_extra("approved_cases", approved_cases)
        from reports.sections.maturity import section_maturity

        collect.register_section(
            "maturity",
            section_maturity,
            title=_("Digital mognad"),
            template="reports/pdf/_maturity.html",
            after="decisions",
        )
        from reports.sections.budget import section_budget

        collect.register_section(
            "budget",
            section_budget,
            title=_("IT-budget och utfall"),
            template="reports/pdf/_budget.html",
            after="maturity",
        )
        from reports.sections.chargeback import section_chargeback

        collect.register_section(
            "chargeback",
            section_chargeback,
            title=_("Kostnadsfördelning"),
            template="reports/pdf/_chargeback.html",
            after="budget",
        )

    @staticmethod
    def _register_it_plan_sections() -> None:
        from governance.itplans.sections import register_consolidation_section
        from portfolio.navigation import register_detail_section
        from reports.itplans import plan_pdf_section, plans_pdf_section

        register_detail_section(
            "governance.itplan", _("PDF"), "reports/_it_plans_pdf.html", plan_pdf_section
        )
        register_consolidation_section(
            _("PDF: IT-planer"), "reports/_it_plans_pdf.html", plans_pdf_section
        )
