"""Walk every URL pattern, for every demo role and anonymous.

Each named URL must have an entry in ``EXPECTATIONS``; a new view without one
fails ``test_every_url_pattern_has_an_expectation``. The outcome of a request
is checked against the permission policy as the oracle: an object the user may
not see answers 404, an action they may not take answers 403, and anonymous
users are sent to the login page. The policy itself is pinned down by the
explicit tests in ``test_policy.py`` and the per-area permission tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portfolio import policy

pytestmark = pytest.mark.django_db

# Third-party and auth views that are not ours to police.
IGNORED_NAMESPACES = {"admin"}
IGNORED_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    "set_language",  # Django's language switch, tested in tests/test_language.py
}


@dataclass
class Expect:
    """How to call one URL and what the policy says should happen.

    kind: "page" (no object; every signed-in user 200 unless ``roles``),
          "object" (GET an object: VIEW decides 200/404, ``action`` decides 403),
          "post" (POST to an object: must never write for a refused user),
          "public" (no login needed).
    objects: names of fixture objects to try (see ``objects`` fixture).
    """

    kind: str
    model: str | None = None
    objects: tuple[str, ...] = ()
    action: str = policy.VIEW
    roles: frozenset[str] | None = None  # for "page": roles that get 200, others 403
    ok_status: int = 200  # e.g. 302 for a page that redirects when no choice is made
    kwarg: str = "pk"  # the URL keyword that carries the object's id
    anonymous: int = 302  # the API answers 401 (WWW-Authenticate: Bearer) instead of redirecting
    extra: dict = field(default_factory=dict)
    #: the oracle for a model without a policy rule: visible(user, obj) -> bool
    visible: Callable | None = None
    #: API object: a PATCH by a user who may not change it answers 404/403 and changes nothing
    patch: bool = False
    #: API list ("app.model"): a POST by a user with nowhere to add one answers 403, else
    #: the empty body answers 400; either way nothing is created
    create: str | None = None


SYSTEMS = ("own_system", "other_forvaltning_system", "other_kommun_system")


# Hyressystem and debiteringsmodell (issue 16)
CHARGEBACK_EDITORS = frozenset({"ekonom", "it_strateg"})
PRICE_LISTS = ("own_price_list", "own_draft_price_list", "other_kommun_price_list")
PRICE_ITEMS = ("own_price_item", "own_draft_price_item", "other_kommun_price_item")
RENTAL_COUNTS = ("own_count", "other_forvaltning_count", "other_kommun_count")
COST_POOLS = ("own_pool", "samverkan_pool", "other_kommun_pool")
KEY_VALUES = ("own_key", "other_forvaltning_key", "other_kommun_key")
CHARGE_FORVALTNINGAR = (
    "own_forvaltning",
    "other_forvaltning",
    "partner_forvaltning",
    "other_kommun_forvaltning",
)


def _reads_charges(user, forvaltning):
    from portfolio.chargeback.rules import reads_forvaltning_charges

    return reads_forvaltning_charges(user, forvaltning)


INITIATIVES = ("own_initiative", "other_forvaltning_initiative", "other_kommun_initiative")
COUNCILS = ("own_council", "other_kommun_council", "samverkan_council")
OPEN_MEETINGS = ("own_open_meeting", "other_kommun_open_meeting")
SIGNED_MEETINGS = ("own_signed_meeting", "other_kommun_signed_meeting")
MEETINGS = OPEN_MEETINGS + SIGNED_MEETINGS
ITEMS = ("own_item", "other_kommun_item")
CASES = ("own_case", "other_kommun_case")
RECUSALS = ("own_recusal", "other_kommun_recusal")
OPEN_DECISIONS = ("own_open_decision", "other_kommun_open_decision")
INTEGRATIONS = ("own_integration", "other_kommun_integration")
AVAILABILITY = ("own_availability", "other_kommun_availability")
PLANS = ("own_plan", "other_forvaltning_plan", "other_kommun_plan")
BUDGETS = ("own_decided_budget", "own_budget_proposal", "other_kommun_budget")
BUDGET_LINES = ("own_decided_budget_line", "own_budget_proposal_line", "other_kommun_budget_line")


def _reads_budget(user, kommun) -> bool:
    from portfolio.budget.rules import budget_kommuner

    return budget_kommuner(policy.get_scope(user)).filter(pk=kommun.pk).exists()


REPORT_JOBS = ("own_job", "other_kommun_job", "own_it_plan_job", "own_it_plans_job")

CONTRACTS = ("own_contract", "other_forvaltning_contract", "other_kommun_contract")
COSTS = ("own_cost", "other_kommun_cost")
#: API list endpoints that only read (basename of the router)
API_LISTS = (
    "kommun",
    "forvaltning",
    "person",
    "contract",
    "systemcost",
    "supplier",
    "round",
    "council",
    "meeting",
    "decision",
    "reportjob",
)


def _pickable(user, person) -> bool:
    """Who the API lists as people: those with a role in a kommun the user works in."""
    from portfolio.models import Kommun

    scope = policy.get_scope(user)
    kommun_ids = Kommun.objects.values("pk") if scope.is_superuser else scope.member_kommun_ids()
    return policy.people(kommun_ids=kommun_ids).filter(pk=person.pk).exists()


CAMPAIGNS = ("network_campaign", "other_kommun_campaign")
PARTICIPATIONS = (
    "own_participation",
    "shared_peer_participation",
    "peer_participation",
    "other_kommun_participation",
)
FORMS = ("own_form", "other_kommun_form")
ATTESTATION_CAMPAIGNS = ("own_attestation_campaign", "other_kommun_attestation_campaign")
ATTESTATIONS = ("own_attestation", "other_owner_attestation", "other_kommun_attestation")
NOTICES = ("own_notice", "other_notice")
DOCUMENTS = (
    "own_document",
    "own_superseded_document",
    "samverkan_document",
    "other_kommun_document",
)

EXPECTATIONS: dict[str, Expect] = {
    "api_schema": Expect("page", anonymous=401),
    "portfolio:home": Expect("page"),
    "portfolio:accessibility": Expect("public"),
    "portfolio:kommun_list": Expect("page"),
    "portfolio:kommun_detail": Expect(
        "object", "portfolio.kommun", ("own_kommun", "partner_kommun", "other_kommun")
    ),
    "portfolio:forvaltning_detail": Expect(
        "object",
        "portfolio.forvaltning",
        ("own_forvaltning", "other_forvaltning", "partner_forvaltning", "other_kommun_forvaltning"),
    ),
    "portfolio:samverkan_list": Expect("page"),
    "portfolio:samverkan_detail": Expect(
        "object", "portfolio.samverkansorganisation", ("sml_it", "goliska")
    ),
    "portfolio:role_list": Expect("page"),
    "portfolio:role_add": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:role_end": Expect(
        "post",
        "portfolio.roleassignment",
        ("own_role_assignment", "other_kommun_role_assignment"),
        action=policy.MANAGE,
    ),
    # Prioritisation (issue 4)
    "portfolio:prioritisation_ranking": Expect("page"),
    "portfolio:prioritisation_charts": Expect("page"),
    "portfolio:prioritisation_rounds": Expect("page"),
    "portfolio:prioritisation_compare": Expect("page", ok_status=302),
    "portfolio:prioritisation_config": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:prioritisation_budget": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:prioritisation_criterion_add": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:prioritisation_gate_add": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:prioritisation_criterion_edit": Expect(
        "object",
        "portfolio.criterion",
        ("own_criterion", "other_kommun_criterion"),
        action=policy.CHANGE,
    ),
    "portfolio:prioritisation_gate_edit": Expect(
        "object", "portfolio.gate", ("own_gate", "other_kommun_gate"), action=policy.CHANGE
    ),
    "portfolio:prioritisation_score": Expect(
        "object", "portfolio.initiative", ("prio_initiative", "other_kommun_prio_initiative")
    ),
    "portfolio:prioritisation_override": Expect(
        "post",
        "portfolio.initiative",
        ("prio_initiative", "other_kommun_prio_initiative"),
        action=policy.MANAGE,
    ),
    "portfolio:prioritisation_round": Expect(
        "object", "portfolio.round", ("own_round", "other_kommun_round")
    ),
    "portfolio:prioritisation_freeze": Expect(
        "post", "portfolio.round", ("own_open_round", "other_kommun_round"), action=policy.MANAGE
    ),
    # Registers (issue 3)
    "portfolio:system_list": Expect("page"),
    "portfolio:contract_list": Expect("page"),
    "portfolio:supplier_list": Expect("page"),
    "portfolio:supplier_add": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:supplier_detail": Expect("object", "portfolio.supplier", ("supplier",)),
    "portfolio:supplier_edit": Expect(
        "object", "portfolio.supplier", ("supplier",), action=policy.CHANGE
    ),
    "portfolio:initiative_list": Expect("page"),
    "portfolio:system_add": Expect(
        "page", roles=frozenset({"it_strateg", "administrator", "systemagare"})
    ),
    "portfolio:initiative_add": Expect(
        "page",
        roles=frozenset(
            {"it_strateg", "administrator", "forvaltningschef", "systemagare", "kommundirektor"}
        ),
    ),
    "portfolio:system_detail": Expect("object", "portfolio.system", SYSTEMS),
    "portfolio:system_edit": Expect("object", "portfolio.system", SYSTEMS, action=policy.CHANGE),
    "portfolio:contract_add": Expect(
        "object", "portfolio.system", SYSTEMS, action=policy.CHANGE, kwarg="parent_pk"
    ),
    "portfolio:system_cost_add": Expect(
        "object", "portfolio.system", SYSTEMS, action=policy.CHANGE, kwarg="parent_pk"
    ),
    "portfolio:integration_add": Expect(
        "object", "portfolio.system", SYSTEMS, action=policy.CHANGE, kwarg="parent_pk"
    ),
    "portfolio:availability_add": Expect(
        "object", "portfolio.system", SYSTEMS, action=policy.CHANGE, kwarg="parent_pk"
    ),
    "portfolio:integration_edit": Expect(
        "object", "portfolio.integration", INTEGRATIONS, action=policy.CHANGE
    ),
    "portfolio:integration_delete": Expect(
        "post", "portfolio.integration", INTEGRATIONS, action=policy.DELETE
    ),
    "portfolio:availability_edit": Expect(
        "object", "portfolio.systemavailability", AVAILABILITY, action=policy.CHANGE
    ),
    "portfolio:availability_delete": Expect(
        "post", "portfolio.systemavailability", AVAILABILITY, action=policy.DELETE
    ),
    "portfolio:initiative_detail": Expect("object", "portfolio.initiative", INITIATIVES),
    "portfolio:initiative_edit": Expect(
        "object", "portfolio.initiative", INITIATIVES, action=policy.CHANGE
    ),
    "portfolio:initiative_transition": Expect(
        "post", "portfolio.initiative", INITIATIVES, action=policy.CHANGE
    ),
    "portfolio:initiative_add_child": Expect(
        "object",
        "portfolio.initiative",
        INITIATIVES,
        action=policy.CHANGE,
        extra={"kind": "benefit"},
    ),
    "portfolio:my_portfolio": Expect("page"),
    "portfolio:similar": Expect("page"),
    "portfolio:search": Expect("page"),
    "portfolio:goal_list": Expect("page"),
    "portfolio:goal_add": Expect("page", roles=policy.STEWARD_ROLES),
    "portfolio:goal_edit": Expect(
        "object",
        "portfolio.strategicgoal",
        ("own_goal", "other_kommun_goal"),
        action=policy.CHANGE,
    ),
    # Import (issue 3): only the uploader sees a job
    "portfolio:import_start": Expect(
        "page",
        # the ekonom imports the hyressystem's rented items (issue 16)
        roles=frozenset(
            {
                "it_strateg",
                "administrator",
                "forvaltningschef",
                "systemagare",
                "kommundirektor",
                "ekonom",
            }
        ),
    ),
    "portfolio:import_template": Expect("page"),
    "portfolio:import_job": Expect(
        "object", "portfolio.importjob", ("own_import_job", "other_kommun_import_job")
    ),
    "portfolio:import_job_status": Expect(
        "object", "portfolio.importjob", ("own_import_job", "other_kommun_import_job")
    ),
    "portfolio:import_confirm": Expect(
        "post",
        "portfolio.importjob",
        ("own_import_job", "other_kommun_import_job"),
        action=policy.CHANGE,
    ),
    "portfolio:import_retry": Expect(
        "post",
        "portfolio.importjob",
        ("own_import_job", "other_kommun_import_job"),
        action=policy.CHANGE,
    ),
    # Audit viewer (issue 7): administratör and läsare only
    "portfolio:audit_list": Expect("page", roles=frozenset({"administrator", "lasare"})),
    "portfolio:audit_export": Expect("page", roles=frozenset({"administrator", "lasare"})),
    # Reports (issue 6)
    "reports:archive": Expect("page"),
    "reports:order": Expect(
        "page", roles=frozenset({"it_strateg", "administrator", "kommundirektor", "ekonom"})
    ),
    "reports:job_detail": Expect("object", "reports.reportjob", REPORT_JOBS),
    "reports:job_status": Expect("object", "reports.reportjob", REPORT_JOBS),
    "reports:download": Expect("object", "reports.reportjob", REPORT_JOBS, action=policy.DOWNLOAD),
    "reports:download_xlsx": Expect(
        "object", "reports.reportjob", REPORT_JOBS, action=policy.DOWNLOAD
    ),
    "reports:download_file": Expect(
        "object",
        "reports.reportjob",
        REPORT_JOBS,
        action=policy.DOWNLOAD,
        extra={"kind": "pdf"},
    ),
    # The multi-year IT budget (issue 16, seed 004)
    "portfolio:budget_list": Expect("page"),
    "portfolio:budget_add": Expect("page", roles=frozenset({"ekonom", "it_strateg"})),
    "portfolio:budget_detail": Expect("object", "portfolio.budgetversion", BUDGETS),
    "portfolio:budget_line_add": Expect(
        "object", "portfolio.budgetversion", BUDGETS, action=policy.CHANGE
    ),
    "portfolio:budget_decide": Expect(
        "object", "portfolio.budgetversion", BUDGETS, action=policy.DECIDE
    ),
    "portfolio:budget_copy": Expect("post", "portfolio.budgetversion", BUDGETS, action=policy.ADD),
    "portfolio:budget_line_edit": Expect(
        "object", "portfolio.itbudgetline", BUDGET_LINES, action=policy.CHANGE
    ),
    "portfolio:budget_line_delete": Expect(
        "post", "portfolio.itbudgetline", BUDGET_LINES, action=policy.DELETE
    ),
    "portfolio:budget_outcome_list": Expect("page"),
    "portfolio:budget_outcome_add": Expect("page", roles=frozenset({"ekonom", "it_strateg"})),
    "governance:budget_comparison": Expect(
        "object",
        "portfolio.kommun",
        ("own_kommun", "partner_kommun", "other_kommun"),
        visible=_reads_budget,
    ),
    # Hyressystem and debiteringsmodell (issue 16)
    "portfolio:chargeback_home": Expect("page"),
    "portfolio:chargeback_pricelist_list": Expect("page"),
    "portfolio:chargeback_pricelist_add": Expect("page", roles=CHARGEBACK_EDITORS),
    "portfolio:chargeback_pricelist_detail": Expect("object", "portfolio.pricelist", PRICE_LISTS),
    "portfolio:chargeback_pricelist_edit": Expect(
        "object", "portfolio.pricelist", PRICE_LISTS, action=policy.CHANGE
    ),
    "portfolio:chargeback_pricelist_item_add": Expect(
        "object", "portfolio.pricelist", PRICE_LISTS, action=policy.CHANGE
    ),
    "portfolio:chargeback_pricelist_item_delete": Expect(
        "post", "portfolio.priceitem", PRICE_ITEMS, action=policy.CHANGE
    ),
    "portfolio:chargeback_pricelist_decide": Expect(
        "post", "portfolio.pricelist", PRICE_LISTS, action=policy.DECIDE
    ),
    "portfolio:chargeback_count_list": Expect("page"),
    "portfolio:chargeback_count_add": Expect("page", roles=CHARGEBACK_EDITORS),
    "portfolio:chargeback_count_edit": Expect(
        "object", "portfolio.rentalcount", RENTAL_COUNTS, action=policy.CHANGE
    ),
    "portfolio:chargeback_pool_list": Expect("page"),
    "portfolio:chargeback_pool_add": Expect("page", roles=CHARGEBACK_EDITORS),
    "portfolio:chargeback_pool_detail": Expect("object", "portfolio.costpool", COST_POOLS),
    "portfolio:chargeback_pool_edit": Expect(
        "object", "portfolio.costpool", COST_POOLS, action=policy.CHANGE
    ),
    "portfolio:chargeback_key_list": Expect("page"),
    "portfolio:chargeback_key_add": Expect("page", roles=CHARGEBACK_EDITORS),
    "portfolio:chargeback_key_edit": Expect(
        "object", "portfolio.keyvalue", KEY_VALUES, action=policy.CHANGE
    ),
    "portfolio:chargeback_run_list": Expect("page"),
    "portfolio:chargeback_run_add": Expect("page", roles=CHARGEBACK_EDITORS),
    "portfolio:chargeback_run_detail": Expect(
        "object", "portfolio.distributionrun", ("own_run", "other_kommun_run")
    ),
    "portfolio:chargeback_forvaltning": Expect(
        "object", "portfolio.forvaltning", CHARGE_FORVALTNINGAR, visible=_reads_charges
    ),
    "portfolio:chargeback_sheet": Expect(
        "object",
        "portfolio.forvaltning",
        CHARGE_FORVALTNINGAR,
        visible=_reads_charges,
        extra={"fmt": "xlsx"},
    ),
    # IT-plans (issue 16)
    "reports:order_it_plan": Expect("post", "governance.itplan", PLANS, action=policy.VIEW),
    "reports:order_it_plans": Expect(
        "post", "portfolio.kommun", ("own_kommun", "other_kommun"), action=policy.MANAGE
    ),
    "governance:itplan_list": Expect("page"),
    "governance:itplan_add": Expect(
        "page", roles=policy.STEWARD_ROLES | frozenset({"forvaltningschef"})
    ),
    "governance:itplan_detail": Expect("object", "governance.itplan", PLANS),
    "governance:itplan_edit": Expect(
        "object", "governance.itplan", (*PLANS, "own_submitted_plan"), action=policy.CHANGE
    ),
    "governance:itplan_line_add": Expect(
        "object",
        "governance.itplan",
        (*PLANS, "own_submitted_plan"),
        action=policy.CHANGE,
        extra={"kind": "kostnad"},
    ),
    "governance:itplan_line_delete": Expect(
        "post",
        "governance.itplancost",
        ("own_plan_cost", "other_kommun_plan_cost", "own_submitted_plan_cost"),
        action=policy.CHANGE,
        extra={"kind": "kostnad"},
    ),
    "governance:itplan_treat": Expect(
        "object",
        "governance.itplan",
        ("own_submitted_plan", "other_kommun_submitted_plan"),
        action=policy.MANAGE,
    ),
    "governance:itplan_action": Expect(
        "post", "governance.itplan", PLANS, action=policy.SUBMIT, extra={"action": "lamna-in"}
    ),
    "governance:itplan_consolidation": Expect(
        "object",
        "portfolio.kommun",
        ("own_kommun", "partner_kommun", "other_kommun"),
        action=policy.MANAGE,
    ),
    "governance:itplan_send_to_prioritisation": Expect(
        "post", "portfolio.kommun", ("own_kommun", "other_kommun"), action=policy.MANAGE
    ),
    "reports:retry": Expect(
        "post", "reports.reportjob", ("own_failed_job", "other_kommun_job"), action=policy.CHANGE
    ),
    "reports:adopt": Expect(
        "post", "reports.reportjob", ("own_plan_job", "other_kommun_job"), action=policy.DECIDE
    ),
    # Governance (issue 5)
    "governance:council_list": Expect("page"),
    "governance:council_add": Expect("page", roles=policy.STEWARD_ROLES),
    "governance:council_detail": Expect("object", "governance.council", COUNCILS),
    "governance:council_edit": Expect(
        "object", "governance.council", COUNCILS, action=policy.CHANGE
    ),
    "governance:member_add": Expect(
        "object", "governance.council", COUNCILS, action=policy.MANAGE, kwarg="council_pk"
    ),
    "governance:member_edit": Expect(
        "object",
        "governance.councilmember",
        ("own_member", "other_kommun_member"),
        action=policy.CHANGE,
    ),
    "governance:meeting_add": Expect(
        "object", "governance.council", COUNCILS, action=policy.MANAGE, kwarg="council_pk"
    ),
    "governance:arshjul": Expect("page"),
    "governance:meeting_series": Expect(
        "object", "governance.council", COUNCILS, action=policy.MANAGE, kwarg="council_pk"
    ),
    "governance:milestone_add": Expect("page", roles=policy.STEWARD_ROLES),
    "governance:milestone_edit": Expect(
        "object",
        "governance.annualmilestone",
        ("own_milestone", "other_kommun_milestone"),
        action=policy.CHANGE,
    ),
    "governance:meeting_detail": Expect("object", "governance.meeting", MEETINGS),
    "governance:meeting_edit": Expect(
        "object", "governance.meeting", MEETINGS, action=policy.CHANGE
    ),
    "governance:agenda_item_add": Expect(
        "object", "governance.meeting", OPEN_MEETINGS, action=policy.CHANGE, kwarg="meeting_pk"
    ),
    "governance:agenda_item_delete": Expect(
        "post", "governance.agendaitem", ITEMS, action=policy.CHANGE
    ),
    "governance:decision_add": Expect(
        "object", "governance.agendaitem", ITEMS, action=policy.DECIDE, kwarg="item_pk"
    ),
    "governance:recusal_add": Expect(
        "object", "governance.agendaitem", ITEMS, action=policy.CHANGE, kwarg="item_pk"
    ),
    "governance:recusal_delete": Expect(
        "post", "governance.recusal", RECUSALS, action=policy.CHANGE
    ),
    "governance:decision_adjust": Expect(
        "object", "governance.decision", OPEN_DECISIONS, action=policy.SIGN
    ),
    "governance:meeting_publish": Expect(
        "post", "governance.meeting", OPEN_MEETINGS, action=policy.CHANGE
    ),
    "governance:meeting_attendance": Expect(
        "post", "governance.meeting", OPEN_MEETINGS, action=policy.CHANGE
    ),
    "governance:meeting_sign": Expect(
        "object", "governance.meeting", OPEN_MEETINGS, action=policy.SIGN
    ),
    "governance:minutes_status": Expect("object", "governance.meeting", SIGNED_MEETINGS),
    "governance:minutes_download": Expect(
        "object", "governance.meeting", SIGNED_MEETINGS, action=policy.DOWNLOAD
    ),
    "governance:minutes_retry": Expect(
        "post", "governance.meeting", ("other_kommun_signed_meeting",), action=policy.MANAGE
    ),
    "governance:case_list": Expect("page"),
    "governance:case_add": Expect(
        "page",
        roles=frozenset(
            {"it_strateg", "administrator", "forvaltningschef", "systemagare", "systemforvaltare"}
        ),
    ),
    "governance:case_detail": Expect("object", "governance.case", CASES),
    "governance:case_edit": Expect("object", "governance.case", CASES, action=policy.CHANGE),
    "governance:case_action": Expect(
        "object", "governance.case", CASES, action=policy.MANAGE, extra={"action": "samrad"}
    ),
    "governance:decision_list": Expect("page"),
    "governance:decision_detail": Expect(
        "object", "governance.decision", ("own_decision", "other_kommun_decision")
    ),
    "governance:public_toggle": Expect(
        "post", "portfolio.kommun", ("own_kommun", "other_kommun"), action=policy.CHANGE
    ),
    "offentligt:public_decisions": Expect("public", extra={"kommunkod": "1484"}),
    # Open data (issue 14): Lysekil (1484) publishes both datasets in the demo
    "governance:open_data_settings": Expect(
        "object",
        "portfolio.kommun",
        ("own_kommun", "partner_kommun", "other_kommun"),
        action=policy.CHANGE,
    ),
    "offentligt:open_data": Expect("public", extra={"kommunkod": "1484"}),
    "offentligt:open_data_catalog": Expect("public", extra={"kommunkod": "1484"}),
    "offentligt:open_data_decisions_csv": Expect("public", extra={"kommunkod": "1484"}),
    "offentligt:open_data_decisions_json": Expect("public", extra={"kommunkod": "1484"}),
    "offentligt:open_data_systems_csv": Expect("public", extra={"kommunkod": "1484"}),
    "offentligt:open_data_systems_json": Expect("public", extra={"kommunkod": "1484"}),
    # The signed minutes of a Lysekil meeting with public decisions (its PDF stored below)
    "offentligt:minutes_pdf": Expect(
        "public", objects=("own_signed_meeting",), extra={"kommunkod": "1484"}
    ),
    # REST API (issue 14): the policy decides, 401 without credentials
    "portfolio:api_tokens": Expect("page"),
    "portfolio:api_token_revoke": Expect(
        "post", "portfolio.apitoken", ("own_token", "other_token"), action=policy.CHANGE
    ),
    "api:docs": Expect("page"),
    "api:v1:api-root": Expect("page", anonymous=401),
    **{f"api:v1:{name}-list": Expect("page", anonymous=401) for name in API_LISTS},
    "api:v1:system-list": Expect("page", anonymous=401, create="portfolio.system"),
    "api:v1:initiative-list": Expect("page", anonymous=401, create="portfolio.initiative"),
    "api:v1:kommun-detail": Expect(
        "object",
        "portfolio.kommun",
        ("own_kommun", "partner_kommun", "other_kommun"),
        anonymous=401,
    ),
    "api:v1:forvaltning-detail": Expect(
        "object",
        "portfolio.forvaltning",
        ("own_forvaltning", "other_forvaltning", "partner_forvaltning", "other_kommun_forvaltning"),
        anonymous=401,
    ),
    "api:v1:person-detail": Expect(
        "object", None, ("own_person", "other_kommun_person"), anonymous=401, visible=_pickable
    ),
    "api:v1:system-detail": Expect(
        "object", "portfolio.system", SYSTEMS, anonymous=401, patch=True
    ),
    "api:v1:contract-detail": Expect(
        "object", "portfolio.contract", CONTRACTS, anonymous=401, patch=True
    ),
    "api:v1:systemcost-detail": Expect(
        "object", "portfolio.systemcost", COSTS, anonymous=401, patch=True
    ),
    "api:v1:supplier-detail": Expect("object", "portfolio.supplier", ("supplier",), anonymous=401),
    "api:v1:initiative-detail": Expect(
        "object", "portfolio.initiative", INITIATIVES, anonymous=401, patch=True
    ),
    "api:v1:initiative-transition": Expect(
        "post", "portfolio.initiative", INITIATIVES, action=policy.CHANGE, anonymous=401
    ),
    "api:v1:round-detail": Expect(
        "object", "portfolio.round", ("own_round", "other_kommun_round"), anonymous=401
    ),
    "api:v1:council-detail": Expect("object", "governance.council", COUNCILS, anonymous=401),
    "api:v1:meeting-detail": Expect("object", "governance.meeting", MEETINGS, anonymous=401),
    "api:v1:decision-detail": Expect(
        "object",
        "governance.decision",
        ("own_decision", "other_kommun_decision", *OPEN_DECISIONS),
        anonymous=401,
    ),
    "api:v1:reportjob-detail": Expect(
        "object", "reports.reportjob", ("own_job", "other_kommun_job"), anonymous=401
    ),
    "api:v1:reportjob-download": Expect(
        "object",
        "reports.reportjob",
        ("own_job", "other_kommun_job"),
        action=policy.DOWNLOAD,
        anonymous=401,
        extra={"kind": "pdf"},
    ),
    # Digital maturity (issue 15)
    "governance:maturity_home": Expect("page"),
    "governance:maturity_questionnaire": Expect("object", "governance.questionnaire", ("survey",)),
    "governance:maturity_campaign_add": Expect("page", roles=frozenset({"it_strateg"})),
    "governance:maturity_campaign": Expect("object", "governance.campaign", CAMPAIGNS),
    "governance:maturity_close": Expect(
        "post", "governance.campaign", CAMPAIGNS, action=policy.MANAGE
    ),
    "governance:maturity_network": Expect("object", "governance.campaign", CAMPAIGNS),
    "governance:maturity_heatmap": Expect(
        "object", "governance.campaign", CAMPAIGNS, action=policy.MANAGE
    ),
    "governance:maturity_participation": Expect(
        "object", "governance.participation", PARTICIPATIONS, action=policy.CHANGE
    ),
    "governance:maturity_respondent_add": Expect(
        "object", "governance.participation", PARTICIPATIONS, action=policy.CHANGE
    ),
    "governance:maturity_share": Expect(
        "post", "governance.participation", PARTICIPATIONS, action=policy.CHANGE
    ),
    "governance:maturity_export": Expect(
        "object", "governance.participation", PARTICIPATIONS, action=policy.CHANGE
    ),
    "governance:maturity_results": Expect("object", "governance.participation", PARTICIPATIONS),
    "governance:maturity_gap": Expect(
        "object",
        "governance.participation",
        PARTICIPATIONS,
        action=policy.CHANGE,
        extra={"area": "portfoljstyrning"},
    ),
    "governance:maturity_respondent_remove": Expect(
        "post", "governance.respondent", FORMS, action=policy.DELETE
    ),
    "governance:maturity_form": Expect(
        "object", "governance.respondent", FORMS, action=policy.CHANGE
    ),
    "governance:maturity_form_section": Expect(
        "object", "governance.respondent", FORMS, action=policy.CHANGE, extra={"number": 1}
    ),
    "governance:maturity_form_submit": Expect(
        "post", "governance.respondent", FORMS, action=policy.CHANGE
    ),
    # Årlig bekräftelse and Notiser (issue 17)
    "portfolio:attestation_home": Expect("page"),
    "portfolio:attestation_campaign_add": Expect("page", roles=frozenset({"it_strateg"})),
    "portfolio:attestation_campaign": Expect(
        "object", "portfolio.attestationcampaign", ATTESTATION_CAMPAIGNS
    ),
    "portfolio:attestation_campaign_close": Expect(
        "post", "portfolio.attestationcampaign", ATTESTATION_CAMPAIGNS, action=policy.MANAGE
    ),
    "portfolio:attestation_confirm": Expect(
        "post", "portfolio.attestation", ATTESTATIONS, action=policy.CHANGE
    ),
    "portfolio:attestation_correct": Expect(
        "object", "portfolio.attestation", ATTESTATIONS, action=policy.CHANGE
    ),
    "portfolio:notice_list": Expect("page"),
    "portfolio:notice_settings": Expect("page"),
    # POST only: signed-in users get 405 on GET (the notice tests cover the POST)
    "portfolio:notice_read_all": Expect("page", ok_status=405),
    "portfolio:notice_detail": Expect("object", "portfolio.notice", NOTICES),
    "portfolio:notice_read": Expect("post", "portfolio.notice", NOTICES, action=policy.CHANGE),
    # Styrdokument and the roadmap (issue 17)
    "governance:document_list": Expect("page"),
    "governance:document_add": Expect("page", roles=policy.STEWARD_ROLES),
    "governance:document_detail": Expect("object", "governance.governingdocument", DOCUMENTS),
    "governance:document_edit": Expect(
        "object", "governance.governingdocument", DOCUMENTS, action=policy.CHANGE
    ),
    "governance:document_version": Expect(
        "object", "governance.governingdocument", DOCUMENTS, action=policy.CHANGE
    ),
    "governance:document_download": Expect(
        "object", "governance.governingdocument", DOCUMENTS, action=policy.DOWNLOAD
    ),
    "portfolio:roadmap": Expect("page"),
}


def _register_objects():
    from portfolio.models import Initiative, StrategicGoal, Supplier, System

    def system(kommun, forvaltning):
        return System.objects.filter(kommun__name=kommun, forvaltning__name=forvaltning).first()

    def initiative(kommun, forvaltning):
        return (
            Initiative.objects.filter(
                kommun__name=kommun, forvaltning__name=forvaltning, status="ide"
            ).first()
            or Initiative.objects.filter(kommun__name=kommun, forvaltning__name=forvaltning).first()
        )

    return {
        "own_system": system("Lysekil", "Socialförvaltningen"),
        "other_forvaltning_system": system("Lysekil", "Barn- och utbildningsförvaltningen"),
        "other_kommun_system": system("Uddevalla", "Socialförvaltningen"),
        "own_initiative": initiative("Lysekil", "Socialförvaltningen"),
        "other_forvaltning_initiative": initiative("Lysekil", "Kommunledningskontoret"),
        "other_kommun_initiative": initiative("Uddevalla", "Socialförvaltningen"),
        "own_goal": StrategicGoal.objects.filter(kommun__name="Lysekil").first(),
        "supplier": Supplier.objects.filter(contracts__isnull=False).first(),
        "other_kommun_goal": StrategicGoal.objects.filter(kommun__name="Uddevalla").first(),
    }


def _system_child_objects():
    from decimal import Decimal

    from portfolio.models import Integration, System, SystemAvailability

    def system(kommun, forvaltning, nth=0):
        return System.objects.filter(kommun__name=kommun, forvaltning__name=forvaltning).order_by(
            "pk"
        )[nth]

    def integration(kommun, forvaltning):
        return Integration.objects.create(
            source=system(kommun, forvaltning),
            target=system(kommun, forvaltning, 1),
            information="Walk",
        )

    def availability(kommun, forvaltning):
        return SystemAvailability.objects.create(
            system=system(kommun, forvaltning), year=2001, target=Decimal("99")
        )

    return {
        "own_integration": integration("Lysekil", "Socialförvaltningen"),
        "other_kommun_integration": integration("Uddevalla", "Socialförvaltningen"),
        "own_availability": availability("Lysekil", "Socialförvaltningen"),
        "other_kommun_availability": availability("Uddevalla", "Socialförvaltningen"),
    }


def _import_objects():
    from django.contrib.auth import get_user_model

    from portfolio.jobs import JobStatus
    from portfolio.models import ImportJob, Kommun

    def job(kommun, username):
        return ImportJob.objects.create(
            kind="system",
            kommun=Kommun.objects.get(name=kommun),
            created_by=get_user_model().objects.get(username=username),
            original_name="system.csv",
            status=JobStatus.DONE,
        )

    return {
        "own_import_job": job("Lysekil", "strateg.lysekil"),
        "other_kommun_import_job": job("Uddevalla", "strateg.uddevalla"),
    }


def _report_objects():
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from portfolio.jobs import JobStatus
    from portfolio.models import Kommun
    from reports import archive
    from reports.choices import FileKind, ReportKind
    from reports.models import ReportJob

    requester = get_user_model().objects.get(username="strateg.lysekil")

    def job(kommun, kind=ReportKind.IT_BOKSLUT, status=JobStatus.DONE):
        same = {"kind": kind, "kommun": Kommun.objects.get(name=kommun), "year": 2026}
        # The demo already holds a handlingsplan 2026 for Lysekil: take the next version.
        version = (ReportJob.objects.filter(**same).aggregate(v=Max("version"))["v"] or 0) + 1
        j = ReportJob.objects.create(**same, version=version, status=status, requested_by=requester)
        if status == JobStatus.DONE:
            archive.store_file(j, FileKind.PDF, b"%PDF-1.4 walk")
            archive.store_file(j, FileKind.XLSX, b"PK walk")
        return j

    return {
        "own_job": job("Lysekil"),
        "own_failed_job": job("Lysekil", status=JobStatus.FAILED),
        "own_plan_job": job("Lysekil", kind=ReportKind.HANDLINGSPLAN),
        "other_kommun_job": job("Uddevalla"),
    }


def _prioritisation_objects():
    from portfolio.choices import InitiativeStatus
    from portfolio.models import Criterion, Gate, Initiative, Round

    def initiative(kommun):
        return (
            Initiative.objects.filter(
                kommun__name=kommun,
                status__in=[InitiativeStatus.KVALIFICERING, InitiativeStatus.PRIORITERING],
            )
            .order_by("pk")
            .first()
        )

    return {
        "own_criterion": Criterion.objects.filter(kommun__name="Lysekil").first(),
        "other_kommun_criterion": Criterion.objects.filter(kommun__name="Uddevalla").first(),
        "own_gate": Gate.objects.filter(kommun__name="Lysekil").first(),
        "other_kommun_gate": Gate.objects.filter(kommun__name="Uddevalla").first(),
        "prio_initiative": initiative("Lysekil"),
        "other_kommun_prio_initiative": initiative("Uddevalla"),
        "own_round": Round.objects.filter(kommun__name="Lysekil").order_by("year").first(),
        "own_open_round": Round.objects.filter(kommun__name="Lysekil").order_by("year").last(),
        "other_kommun_round": Round.objects.filter(kommun__name="Uddevalla").first(),
    }


DEMO_USERS = [
    "strateg.lysekil",
    "strateg.sml",
    "strateg.uddevalla",
    "kd.lysekil",
    "fc.lysekil.soc",
    "fc.lysekil.bou",
    "sa.lysekil",
    "sg.lysekil",
    "ekonom.lysekil",
    "revisor.lysekil",
    "admin.lysekil",
]
# The Fyrbodal network's coordinator (issue 15) walks every URL. A network role is
# no role in the member kommuner (portfolio/scope.py), so the role-gated pages
# without an object follow what the coordinator acts for, not `Expect.roles`:
COORDINATOR = "samordnare.fyrbodal"
COORDINATOR_GET = {
    # the network's own councils, rounds, styrdokument, role assignments and reports,
    "governance:council_add": 200,
    "governance:document_add": 200,
    # the network's own budget and its shared costs (split between the members)
    "portfolio:budget_add": 200,
    "portfolio:budget_outcome_add": 200,
    "portfolio:chargeback_pool_add": 200,
    "portfolio:chargeback_pricelist_add": 200,
    "governance:maturity_campaign_add": 200,
    "portfolio:role_add": 200,
    "reports:order": 200,
    # a network ranks no initiatives: no prioritisation context (and no menu entry)
    **dict.fromkeys(
        [
            "portfolio:prioritisation_budget",
            "portfolio:prioritisation_charts",
            "portfolio:prioritisation_config",
            "portfolio:prioritisation_criterion_add",
            "portfolio:prioritisation_gate_add",
            "portfolio:prioritisation_ranking",
            "portfolio:prioritisation_rounds",
        ],
        404,
    ),
}


def _walk(resolver: URLResolver, namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if ns in IGNORED_NAMESPACES:
                continue
            yield from _walk(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def all_url_names() -> set[str]:
    return {n for n in _walk(get_resolver()) if n not in IGNORED_NAMES}


def test_every_url_pattern_has_an_expectation():
    missing = sorted(all_url_names() - set(EXPECTATIONS))
    assert not missing, f"Add these URL names to EXPECTATIONS in {__file__}: {missing}"
    stale = sorted(set(EXPECTATIONS) - all_url_names())
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


@pytest.fixture
def objects(demo):
    """One object of each relation to the Lysekil demo users."""
    from portfolio.models import Forvaltning, Kommun, RoleAssignment, Samverkansorganisation

    objs = {
        "own_kommun": Kommun.objects.get(name="Lysekil"),
        "partner_kommun": Kommun.objects.get(name="Sotenäs"),
        "other_kommun": Kommun.objects.get(name="Uddevalla"),
        "own_forvaltning": Forvaltning.objects.get(
            kommun__name="Lysekil", name="Socialförvaltningen"
        ),
        "other_forvaltning": Forvaltning.objects.get(
            kommun__name="Lysekil", name="Barn- och utbildningsförvaltningen"
        ),
        "partner_forvaltning": Forvaltning.objects.get(
            kommun__name="Sotenäs", name="Socialförvaltningen"
        ),
        "other_kommun_forvaltning": Forvaltning.objects.get(
            kommun__name="Uddevalla", name="Socialförvaltningen"
        ),
        "sml_it": Samverkansorganisation.objects.get(name="SML-IT"),
        "goliska": Samverkansorganisation.objects.get(name="Göliska IT"),
        "own_role_assignment": RoleAssignment.objects.get(user__username="fc.lysekil.soc"),
        "other_kommun_role_assignment": RoleAssignment.objects.get(
            user__username="fc.uddevalla.soc"
        ),
    }
    for hook in OBJECT_HOOKS:
        objs.update(hook())
    return objs


# Areas add fixture objects here: callables returning {name: object}.
def _governance_objects():
    from django.core.files.base import ContentFile

    from governance.choices import CaseStatus, CouncilKind
    from governance.meetings.decisions import record_decision
    from governance.models import (
        AgendaItem,
        AnnualMilestone,
        Case,
        Council,
        Decision,
        Meeting,
        MinutesJob,
        Recusal,
    )
    from portfolio.jobs import JobStatus

    def council(kommun):
        return Council.objects.get(kommun__name=kommun, kind=CouncilKind.IT_STYRGRUPP)

    def meeting(kommun, signed):
        return (
            Meeting.objects.filter(council=council(kommun), signed_at__isnull=not signed)
            .order_by("starts_at")
            .first()
        )

    def case(kommun):
        return Case.objects.filter(
            kommun__name=kommun, status=CaseStatus.ANMALAN, consulted_at__isnull=True
        ).first()

    objs = {
        "own_council": council("Lysekil"),
        "other_kommun_council": council("Uddevalla"),
        "samverkan_council": Council.objects.get(samverkan__name="SML-IT"),
        "own_open_meeting": meeting("Lysekil", False),
        "other_kommun_open_meeting": meeting("Uddevalla", False),
        "own_signed_meeting": meeting("Lysekil", True),
        "other_kommun_signed_meeting": meeting("Uddevalla", True),
        "own_case": case("Lysekil"),
        "other_kommun_case": case("Uddevalla"),
        "own_milestone": AnnualMilestone.objects.filter(kommun__name="Lysekil").first(),
        "other_kommun_milestone": AnnualMilestone.objects.filter(kommun__name="Uddevalla").first(),
    }
    objs["own_item"] = objs["own_open_meeting"].items.filter(case__isnull=False).first()
    objs["other_kommun_item"] = (
        objs["other_kommun_open_meeting"].items.filter(case__isnull=False).first()
    )
    objs["own_member"] = objs["own_council"].members.first()
    objs["other_kommun_member"] = objs["other_kommun_council"].members.first()
    for prefix in ("own", "other_kommun"):
        open_meeting = objs[f"{prefix}_open_meeting"]
        member = (
            open_meeting.attendance.exclude(
                user_id__in=[open_meeting.secretary_id, open_meeting.adjuster_id]
            )
            .order_by("user__username")
            .first()
        )
        objs[f"{prefix}_recusal"] = Recusal.objects.create(
            agenda_item=objs[f"{prefix}_item"],
            user_id=member.user_id,
            reason="Walk",
            recorded_by=open_meeting.secretary,
        )
        # A decision recorded in the held meeting, not yet justerad (omedelbar justering).
        item = AgendaItem.objects.create(
            meeting=open_meeting, order=99, kind="other", title="Walk-beslut"
        )
        objs[f"{prefix}_open_decision"] = record_decision(
            actor=open_meeting.secretary, item=item, decision_type="bifall", text="Walk."
        )
    objs["own_decision"] = Decision.objects.filter(meeting=objs["own_signed_meeting"]).first()
    objs["other_kommun_decision"] = Decision.objects.filter(
        meeting=objs["other_kommun_signed_meeting"]
    ).first()
    # Signed minutes with a stored PDF, so the download can answer 200.
    for name in SIGNED_MEETINGS:
        signed = objs[name]
        signed.minutes_pdf.save("walk.pdf", ContentFile(b"%PDF-1.7 walk"), save=False)
        Meeting.objects.filter(pk=signed.pk).update(minutes_pdf=signed.minutes_pdf.name)
        MinutesJob.objects.update_or_create(meeting=signed, defaults={"status": JobStatus.DONE})
        signed.refresh_from_db()
    return objs


def _api_objects():
    from django.contrib.auth import get_user_model

    from portfolio.api import services as token_services
    from portfolio.models import Contract, SystemCost

    users = get_user_model().objects

    def contract(kommun, forvaltning):
        return Contract.objects.filter(
            system__kommun__name=kommun, system__forvaltning__name=forvaltning
        ).first()

    def token(username):
        user = users.get(username=username)
        return token_services.create_api_token(
            actor=user, name="Walk", valid_until=token_services.latest_expiry()
        )[0]

    return {
        "own_contract": contract("Lysekil", "Socialförvaltningen"),
        "other_forvaltning_contract": contract("Lysekil", "Barn- och utbildningsförvaltningen"),
        "other_kommun_contract": contract("Uddevalla", "Socialförvaltningen"),
        "own_cost": SystemCost.objects.filter(
            system__kommun__name="Lysekil", system__forvaltning__name="Socialförvaltningen"
        ).first(),
        "other_kommun_cost": SystemCost.objects.filter(system__kommun__name="Uddevalla").first(),
        "own_person": users.get(username="sa.lysekil"),
        "other_kommun_person": users.get(username="fc.uddevalla.soc"),
        "own_token": token("strateg.lysekil"),
        "other_token": token("strateg.uddevalla"),
    }


def _it_plan_objects():
    from django.contrib.auth import get_user_model

    from governance.models import ITPlan, ITPlanCost
    from portfolio.jobs import JobStatus
    from portfolio.models import Forvaltning
    from reports import archive
    from reports.choices import FileKind, ReportKind
    from reports.models import ReportJob

    users = get_user_model().objects

    def plan(kommun, forvaltning, status="utkast", year=2027):
        f = Forvaltning.objects.get(kommun__name=kommun, name=forvaltning)
        strateg = users.get(username=f"strateg.{kommun.lower()}")
        p = ITPlan.objects.create(
            kommun=f.kommun, forvaltning=f, year=year, contact=strateg, created_by=strateg
        )
        ITPlanCost.objects.create(plan=p, year=year, nature="drift", amount=100, description="W")
        ITPlan.objects.filter(pk=p.pk).update(status=status)
        p.refresh_from_db()
        return p

    def done(job):
        archive.store_file(job, FileKind.PDF, b"%PDF-1.4 walk")
        archive.store_file(job, FileKind.XLSX, b"PK walk")
        return job

    objs = {
        "own_plan": plan("Lysekil", "Socialförvaltningen"),
        "other_forvaltning_plan": plan("Lysekil", "Barn- och utbildningsförvaltningen"),
        "other_kommun_plan": plan("Uddevalla", "Socialförvaltningen"),
        "own_submitted_plan": plan("Lysekil", "Socialförvaltningen", "inlamnad", 2028),
        "other_kommun_submitted_plan": plan("Uddevalla", "Socialförvaltningen", "inlamnad", 2028),
    }
    for name in ("own_plan", "other_kommun_plan", "own_submitted_plan"):
        objs[f"{name}_cost"] = objs[name].cost_lines.get()
    requester = users.get(username="strateg.lysekil")
    lysekil = objs["own_plan"].kommun
    objs["own_it_plan_job"] = done(
        ReportJob.objects.create(
            kind=ReportKind.IT_PLAN,
            it_plan=objs["own_plan"],
            kommun=lysekil,
            year=2027,
            status=JobStatus.DONE,
            requested_by=requester,
        )
    )
    objs["own_it_plans_job"] = done(
        ReportJob.objects.create(
            kind=ReportKind.IT_PLANER,
            kommun=lysekil,
            year=2027,
            status=JobStatus.DONE,
            requested_by=requester,
        )
    )
    return objs


def _maturity_objects():
    from governance.maturity.models import Campaign, Participation, Questionnaire, Respondent

    def participation(kommun, year=2026):
        return Participation.objects.get(kommun__name=kommun, year=year)

    return {
        "survey": Questionnaire.objects.get(year=2024),
        "network_campaign": Campaign.objects.get(samverkan__name=FYRBODAL, year=2026),
        "other_kommun_campaign": Campaign.objects.get(kommun__name="Sollentuna", year=2026),
        "own_participation": participation("Lysekil"),
        "shared_peer_participation": participation("Uddevalla"),
        "peer_participation": participation("Vänersborg"),
        "other_kommun_participation": participation("Sollentuna"),
        "own_form": Respondent.objects.get(
            user__username="fc.lysekil.soc", participation=participation("Lysekil")
        ),
        "other_kommun_form": Respondent.objects.get(user__username="kd.sollentuna"),
    }


def _attestation_objects():
    from django.contrib.auth import get_user_model

    from portfolio.attestation.models import Attestation, AttestationCampaign
    from portfolio.models import Kommun, System
    from portfolio.notices.models import Notice

    users = get_user_model().objects
    own = AttestationCampaign.objects.get(kommun__name="Lysekil", status="open")
    uddevalla = Kommun.objects.get(name="Uddevalla")
    other = AttestationCampaign.objects.create(
        kommun=uddevalla,
        year=own.year,
        deadline=own.deadline,
        opened_by=users.get(username="strateg.uddevalla"),
    )
    Attestation.objects.bulk_create(
        Attestation(campaign=other, system=s) for s in System.objects.filter(kommun=uddevalla)[:3]
    )
    unconfirmed = Attestation.objects.filter(campaign=own, confirmed_at__isnull=True)

    def notice(username):
        return Notice.objects.create(
            user=users.get(username=username), kind="attestation", subject="Walk"
        )

    return {
        "own_attestation_campaign": own,
        "other_kommun_attestation_campaign": other,
        "own_attestation": unconfirmed.filter(system__owner__username="sa.lysekil").first(),
        "other_owner_attestation": unconfirmed.exclude(system__owner__username="sa.lysekil")
        .filter(system__forvaltning__name="Socialförvaltningen")
        .first()
        or unconfirmed.exclude(system__owner__username="sa.lysekil").first(),
        "other_kommun_attestation": other.attestations.first(),
        "own_notice": notice("sa.lysekil"),
        "other_notice": notice("strateg.uddevalla"),
    }


def _document_objects():
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from governance.documents.models import GoverningDocument
    from governance.documents.pdf import tiny_pdf
    from portfolio.models import Kommun, Samverkansorganisation

    users = get_user_model().objects

    def document(owner: str, title: str, **where):
        person = users.get(username=owner)
        made = GoverningDocument(
            kind="riktlinje", title=title, owner=person, created_by=person, **where
        )
        made.file.save("walk.pdf", ContentFile(tiny_pdf(title)), save=False)
        made.save()
        return made

    own = document("strateg.lysekil", "Walk", kommun=Kommun.objects.get(name="Lysekil"))
    old = document("strateg.lysekil", "Walk gammal", kommun=own.kommun)
    GoverningDocument.objects.filter(pk=old.pk).update(superseded_by=own)
    old.refresh_from_db()
    return {
        "own_document": own,
        "own_superseded_document": old,
        "samverkan_document": document(
            "strateg.sml", "Walk SML", samverkan=Samverkansorganisation.objects.get(name="SML-IT")
        ),
        "other_kommun_document": document(
            "strateg.uddevalla", "Walk U", kommun=Kommun.objects.get(name="Uddevalla")
        ),
    }


def _chargeback_objects():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from portfolio.chargeback.models import (
        CostPool,
        DistributionRun,
        KeyValue,
        PriceItem,
        PriceList,
        RentalCount,
    )
    from portfolio.models import Forvaltning, Kommun

    year = timezone.localdate().year
    lysekil = Kommun.objects.get(name="Lysekil")
    uddevalla = Kommun.objects.get(name="Uddevalla")

    def forvaltning(kommun, name):
        return Forvaltning.objects.get(kommun=kommun, name=name)

    draft = PriceList.objects.create(kommun=lysekil, year=year + 1)
    other = PriceList.objects.create(kommun=uddevalla, year=year)
    decided = PriceList.objects.get(kommun=lysekil, year=year)

    def count(kommun, name):
        f = forvaltning(kommun, name)
        return RentalCount.objects.create(
            kommun=kommun, forvaltning=f, year=year + 5, item_kind="dator", count=3
        )

    def key(kommun, name):
        f = forvaltning(kommun, name)
        return KeyValue.objects.create(
            kommun=kommun, forvaltning=f, year=year + 5, key_kind="anvandare", value=3
        )

    strateg = get_user_model().objects.get(username="strateg.uddevalla")
    return {
        "own_price_list": decided,
        "own_draft_price_list": draft,
        "other_kommun_price_list": other,
        "own_price_item": decided.items.first(),
        "own_draft_price_item": PriceItem.objects.create(
            price_list=draft, item_kind="dator", price=100
        ),
        "other_kommun_price_item": PriceItem.objects.create(
            price_list=other, item_kind="dator", price=100
        ),
        "own_count": count(lysekil, "Socialförvaltningen"),
        "other_forvaltning_count": count(lysekil, "Barn- och utbildningsförvaltningen"),
        "other_kommun_count": count(uddevalla, "Socialförvaltningen"),
        "own_pool": CostPool.objects.filter(kommun=lysekil, year=year).first(),
        "samverkan_pool": CostPool.objects.get(samverkan__name="SML-IT", year=year),
        "other_kommun_pool": CostPool.objects.create(
            kommun=uddevalla,
            year=year,
            name="Plattform",
            kind="plattform",
            amount=10,
            key_kind="anvandare",
        ),
        "own_key": key(lysekil, "Socialförvaltningen"),
        "other_forvaltning_key": key(lysekil, "Barn- och utbildningsförvaltningen"),
        "other_kommun_key": key(uddevalla, "Socialförvaltningen"),
        "own_run": DistributionRun.objects.filter(kommun=lysekil).first(),
        "other_kommun_run": DistributionRun.objects.create(
            kommun=uddevalla, year=year, created_by=strateg
        ),
        # a run in the partner kommun too, so its charge sheet exists for its readers
        "partner_run": DistributionRun.objects.create(
            kommun=Kommun.objects.get(name="Sotenäs"), year=year, created_by=strateg
        ),
    }


FYRBODAL = "Digitaliseringsnätverket Fyrbodal"


def _budget_objects():
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from portfolio.budget.models import BudgetVersion, ITBudgetLine
    from portfolio.choices import BudgetKind, BudgetOwner, BudgetStatus, FinancingSource
    from portfolio.models import Forvaltning, Kommun

    def proposal(kommun_name):
        kommun = Kommun.objects.get(name=kommun_name)
        version = BudgetVersion.objects.create(
            kommun=kommun,
            first_year=2027,
            number=9,
            created_by=get_user_model().objects.get(username="admin"),
        )
        forv = Forvaltning.objects.filter(kommun=kommun, name="Socialförvaltningen").first()
        line = ITBudgetLine.objects.create(
            version=version,
            key="WALK",
            year=2027,
            kind=BudgetKind.INVESTERING,
            source=FinancingSource.EGEN_BUDGET,
            owner=BudgetOwner.FORVALTNING,
            forvaltning=forv,
            amount=Decimal(1),
            description="Walk",
        )
        return version, line

    decided = BudgetVersion.objects.get(kommun__name="Lysekil", status=BudgetStatus.BESLUTAD)
    own, own_line = proposal("Lysekil")
    other, other_line = proposal("Uddevalla")
    return {
        "own_decided_budget": decided,
        "own_decided_budget_line": decided.lines.filter(owner=BudgetOwner.FORVALTNING).first(),
        "own_budget_proposal": own,
        "own_budget_proposal_line": own_line,
        "other_kommun_budget": other,
        "other_kommun_budget_line": other_line,
    }


OBJECT_HOOKS: list = [
    _attestation_objects,
    _budget_objects,
    _chargeback_objects,
    _maturity_objects,
    _register_objects,
    _it_plan_objects,
    _prioritisation_objects,
    _report_objects,
    _governance_objects,
    _import_objects,
    _system_child_objects,
    _api_objects,
    _document_objects,
]


def _expected_get(user, expect: Expect, obj) -> int:
    if expect.kind == "public":
        return expect.ok_status  # the same for everyone, signed in or not
    if obj is None:
        if expect.roles is None:
            return expect.ok_status
        return expect.ok_status if policy.get_scope(user).has_role(*expect.roles) else 403
    if expect.visible is not None:
        return 200 if expect.visible(user, obj) else 404
    if not policy.can(user, policy.VIEW, obj):
        return 404
    if expect.action != policy.VIEW and not policy.can(user, expect.action, obj):
        return 403
    return 200


def _requests(expect: Expect, objects):
    if not expect.objects:
        yield None, dict(expect.extra)
    for name in expect.objects:
        obj = objects[name]
        yield obj, {expect.kwarg: obj.pk, **expect.extra}


# One case per URL name, so xdist spreads the walk over its workers.
URL_NAMES = sorted(EXPECTATIONS)


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_anonymous_is_sent_to_login_or_allowed_public(client, objects, url_name):
    expect = EXPECTATIONS[url_name]
    for _obj, kwargs in _requests(expect, objects):
        url = reverse(url_name, kwargs=kwargs or None)
        response = client.post(url) if expect.kind == "post" else client.get(url)
        if expect.kind == "public":
            assert response.status_code == expect.ok_status, url
        elif expect.anonymous != 302:
            assert response.status_code == expect.anonymous, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        if expect.patch:
            assert client.patch(url, {}, content_type="application/json").status_code == 401
        if expect.create:
            assert client.post(url, {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_every_demo_role_gets_the_policy_outcome(client, objects, url_name):
    failures = _check_roles(client, objects, url_name)
    assert not failures, "unexpected outcomes (user, url, got, want):\n" + "\n".join(
        map(str, failures)
    )


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_the_network_coordinator_gets_the_policy_outcome(client, objects, url_name):
    failures = _check_roles(client, objects, url_name, usernames=[COORDINATOR])
    assert not failures, "unexpected outcomes (user, url, got, want):\n" + "\n".join(
        map(str, failures)
    )


def _check_roles(client, objects, url_name, usernames=DEMO_USERS):
    expect = EXPECTATIONS[url_name]
    failures = []
    for username in usernames:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        for obj, kwargs in _requests(expect, objects):
            url = reverse(url_name, kwargs=kwargs or None)
            policy.forget_scope(user)
            if expect.kind == "post":
                allowed = obj is not None and policy.can(user, expect.action, obj)
                if allowed:
                    continue  # the area tests cover successful writes
                before = _snapshot(obj)
                response = client.post(url)
                want = 404 if not policy.can(user, policy.VIEW, obj) else 403
                if response.status_code != want or _snapshot(obj) != before:
                    failures.append((username, url, response.status_code, want))
                continue
            response = client.get(url)
            want = _expected_get(user, expect, obj)
            if username == COORDINATOR and obj is None:
                want = COORDINATOR_GET.get(url_name, want)
            if response.status_code != want:
                failures.append((username, url, response.status_code, want))
            if response.get("Content-Type", "").startswith("text/html"):
                csp = response.get("Content-Security-Policy", "")
                if "default-src" not in csp or "unsafe-inline" in csp:
                    failures.append((username, url, "CSP", csp))
            if want == 404 and obj is not None and response.status_code == 404:
                assert str(obj) not in response.content.decode() or len(str(obj)) < 4
            if expect.patch:
                failures.extend(_check_patch(client, user, url, obj))
            if expect.create:
                failures.extend(_check_create(client, user, url, apps.get_model(expect.create)))
    return failures


def _check_patch(client, user, url, obj):
    if policy.can(user, policy.CHANGE, obj):
        return []  # the API tests cover successful writes
    before = _snapshot(obj)
    response = client.patch(url, {"name": "Walk", "title": "Walk"}, content_type="application/json")
    want = 404 if not policy.can(user, policy.VIEW, obj) else 403
    if response.status_code != want or _snapshot(obj) != before:
        return [(user.username, f"PATCH {url}", response.status_code, want)]
    return []


def _check_create(client, user, url, model):
    before = model.objects.count()
    response = client.post(url, {}, content_type="application/json")
    want = 400 if policy.can_add(user, model) else 403
    if response.status_code != want or model.objects.count() != before:
        return [(user.username, f"POST {url}", response.status_code, want)]
    return []


def _snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
