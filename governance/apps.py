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
        from governance.documents import rules as document_rules  # noqa: F401
        from governance.documents.demo import seed_documents
        from governance.documents.views import documents_section
        from governance.itplans import rules as itplan_rules
        from governance.itplans.demo import seed_it_plans
        from governance.itplans.panels import it_plan_panel
        from governance.maturity import rules as maturity_rules  # noqa: F401
        from governance.maturity.demo import seed_maturity
        from governance.maturity.panels import my_open_forms
        from governance.meetings import rules as meeting_rules  # noqa: F401
        from governance.meetings.demo import seed_governance
        from governance.meetings.views import decisions_section
        from governance.opendata import rules as opendata_rules  # noqa: F401
        from governance.opendata.demo import seed_open_data
        from governance.opendata.views.settings import kommun_section
        from portfolio.demo import register_seeder
        from portfolio.navigation import (
            STYRNING,
            register_detail_section,
            register_nav,
            register_panel,
        )
        from portfolio.search.services import register_source

        register_source(
            _("Ärenden"),
            "governance.case",
            ("title", "description"),
            describe=lambda c: f"{c.kommun.name} · {c.get_status_display()}",
            select_related=("kommun",),
            order=55,
            list_url_name="governance:case_list",
        )
        register_source(
            _("Beslut"),
            "governance.decision",
            ("title", "text"),
            describe=lambda d: d.reference,
            select_related=("council", "kommun", "meeting"),
            order=57,
            list_url_name="governance:decision_list",
        )
        register_source(
            _("Råd"),
            "governance.council",
            ("name", "remit"),
            order=58,
            list_url_name="governance:council_list",
        )
        register_source(
            _("Styrdokument"),
            "governance.governingdocument",
            ("title", "description", "decision_text"),
            describe=lambda d: f"{d.get_kind_display()} · {d.kommun or d.samverkan}",
            select_related=("kommun", "samverkan"),
            order=59,
            list_url_name="governance:document_list",
        )
        register_nav(_("Ärenden"), "governance:case_list", order=55, section=STYRNING)
        register_nav(_("Råd och möten"), "governance:council_list", order=56, section=STYRNING)
        register_nav(_("Årshjul"), "governance:arshjul", order=56, section=STYRNING)
        register_nav(_("Beslutslogg"), "governance:decision_list", order=57, section=STYRNING)
        register_nav(
            _("IT-planer"),
            "governance:itplan_list",
            when=itplan_rules.reads_it_plans,
            order=58,
            section=STYRNING,
        )
        register_panel("governance/itplans/_panel.html", it_plan_panel, order=60)
        register_nav(_("Digital mognad"), "governance:maturity_home", order=58, section=STYRNING)
        register_panel("governance/maturity/_panel.html", my_open_forms, order=40)
        register_nav(_("Styrdokument"), "governance:document_list", order=59, section=STYRNING)
        for label in ("portfolio.initiative", "portfolio.system"):
            register_detail_section(
                label,
                _("Ärenden och beslut"),
                "governance/_decisions_section.html",
                decisions_section,
                order=50,
            )
        for label in ("portfolio.initiative", "portfolio.system"):
            register_detail_section(
                label,
                _("Styrdokument"),
                "governance/documents/_section.html",
                documents_section,
                order=55,
            )
        register_detail_section(
            "portfolio.kommun",
            _("Öppna data"),
            "governance/opendata/_kommun_section.html",
            kommun_section,
            order=60,
        )
        # The demo ärenden pick initiatives by the status the portfolio and
        # prioritisation demos leave them in.
        register_seeder(
            "governance",
            seed_governance,
            after=("portfolio.portfolio", "portfolio.prioritisation"),
        )
        register_seeder("governance.opendata", seed_open_data, after=("governance",))
        # IT-plans name the styrgrupp's §§ and initiatives of the portfolio demo.
        register_seeder("governance.itplans", seed_it_plans, after=("governance",))
        register_seeder("governance.maturity", seed_maturity, after=("governance",))

        # Att göra on the start page, and the årshjul's next meetings and due dates.
        from governance.cases.todo import case_todos
        from governance.councils.panels import upcoming_panel
        from governance.itplans.todo import itplan_todos
        from governance.maturity.todo import maturity_todos
        from governance.meetings.todo import meeting_todos
        from portfolio.todo.registry import register_todo

        register_todo(case_todos, order=20)
        register_todo(meeting_todos, order=25)
        register_todo(itplan_todos, order=40)
        register_todo(maturity_todos, order=45)
        register_panel("governance/councils/_upcoming.html", upcoming_panel, order=5)
        # The kinds of notice governance sends (Notiser; the user picks the channel per kind).
        from portfolio.notices.kinds import register_kind

        register_kind("agenda", _("Föredragningslista publicerad"), order=30)
        register_kind("case_decided", _("Beslut i ditt ärende"), order=40)
        register_kind("maturity", _("Mognadsenkät att besvara"), order=50)
        register_kind("document_revision", _("Styrdokument att revidera"), order=60)
        register_seeder("governance.documents", seed_documents, after=("governance",))
