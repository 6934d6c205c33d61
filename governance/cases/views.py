from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.cases import forms as case_forms
from governance.cases import services as case_services
from governance.cases.filters import CaseFilter
from governance.cases.tables import CaseTable
from governance.choices import CaseStatus
from governance.meetings import decisions as decision_services
from governance.meetings import forms as meeting_forms
from governance.models import (
    Case,
)
from governance.pages import run_form
from portfolio import policy
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
)

# --- Ärenden -------------------------------------------------------------------------------------


class CaseListView(ObjectListView):
    model = Case
    queryset = Case.objects.select_related("kommun", "applicant")
    table_class = CaseTable
    filterset_class = CaseFilter
    title = gettext_lazy("Ärenden")
    add_url_name = "governance:case_add"

    def can_add(self):
        return policy.can_add(self.request.user, Case)


class CaseEditView(ObjectEditView):
    model = Case
    form_class = case_forms.CaseForm

    # check_create: the generic one asks policy.require_add(user, Case).

    def save(self, form):
        if self.object is None:
            return case_services.submit_case(actor=self.request.user, form=form)
        return case_services.update_case(actor=self.request.user, form=form)


class CaseDetailView(ObjectDetailView):
    model = Case
    queryset = Case.objects.select_related(
        "kommun", "forvaltning", "applicant", "initiative", "remiss_council", "consulted_by"
    )
    template_name = "governance/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        user = self.request.user
        actions = [
            (name, label)
            for name, (label, right, allowed) in CASE_ACTIONS.items()
            if allowed(case) and policy.can(user, right, case)
        ]
        context.update(
            events=case.events.select_related("actor"),
            systems=policy.restrict(case.systems.all(), user),
            decisions=policy.restrict(
                case.decisions.select_related("council", "meeting"), user
            ).order_by("decision_date", "number"),
            agenda_items=policy.restrict(
                case.agenda_items.select_related("meeting__council"), user
            ),
            actions=actions,
            can_edit=case.status == CaseStatus.ANMALAN and policy.can(user, policy.CHANGE, case),
        )
        return context


def _consult(request, case, data):
    case_services.record_consultation(actor=request.user, case=case, comment=data["comment"])


def _remiss(request, case, data):
    case_services.send_to_remiss(
        actor=request.user, case=case, council=data["council"], comment=data["comment"]
    )


def _opinion(request, case, data):
    case_services.record_opinion(
        actor=request.user, case=case, opinion=data["opinion"], anchored=data["anchored"]
    )


def _urgent(request, case, data):
    case_services.mark_urgent(actor=request.user, case=case, reason=data["reason"])


def _delegation(request, case, data):
    decision_services.record_delegation_decision(
        actor=request.user,
        case=case,
        decision_type=data["decision_type"],
        text=data["text"],
        conditions=data["conditions"],
        decision_date=data["decision_date"],
    )


def _ack(request, case, data):
    case_services.acknowledge_procurement(
        actor=request.user, case=case, party=data["party"], comment=data["comment"]
    )


def _withdraw(request, case, data):
    case_services.withdraw_case(actor=request.user, case=case, comment=data["comment"])


def _before_decision(case):
    return case.status in (CaseStatus.ANMALAN, CaseStatus.BEREDNING)


# name: (label, policy action, shown when, form factory, service call)
CASE_ACTIONS = {
    "samrad": (
        gettext_lazy("Registrera samråd"),
        policy.MANAGE,
        lambda c: c.status == CaseStatus.ANMALAN and c.consulted_at is None,
    ),
    "remiss": (
        gettext_lazy("Skicka på remiss (beredning)"),
        policy.MANAGE,
        lambda c: c.status == CaseStatus.ANMALAN and c.consulted_at is not None,
    ),
    "yttrande": (
        gettext_lazy("Lämna yttrande"),
        policy.REVIEW,
        lambda c: c.status == CaseStatus.BEREDNING,
    ),
    "bradskande": (
        gettext_lazy("Markera som brådskande"),
        policy.MANAGE,
        lambda c: _before_decision(c) and not c.urgent and c.consulted_at is not None,
    ),
    "delegationsbeslut": (
        gettext_lazy("Fatta delegationsbeslut"),
        policy.DECIDE,
        lambda c: c.is_decidable and not decision_services.has_pending_decision(c),
    ),
    "kvittens": (
        gettext_lazy("Registrera kvittens"),
        policy.MANAGE,
        lambda c: c.status == CaseStatus.UPPHANDLING,
    ),
    "aterkalla": (
        gettext_lazy("Återkalla ärendet"),
        policy.CHANGE,
        lambda c: (
            c.status in (CaseStatus.ANMALAN, CaseStatus.BEREDNING, CaseStatus.BEREDD)
            and not decision_services.has_pending_decision(c)
        ),
    ),
}
CASE_FORMS = {
    "samrad": (lambda data, case: case_forms.CommentForm(data), _consult),
    "remiss": (lambda data, case: case_forms.RemissForm(data, case=case), _remiss),
    "yttrande": (lambda data, case: case_forms.OpinionForm(data), _opinion),
    "bradskande": (lambda data, case: case_forms.UrgentForm(data), _urgent),
    "delegationsbeslut": (
        lambda data, case: meeting_forms.DelegationDecisionForm(data),
        _delegation,
    ),
    "kvittens": (lambda data, case: case_forms.AckForm(data), _ack),
    "aterkalla": (lambda data, case: case_forms.CommentForm(data), _withdraw),
}


@login_required
def case_action(request, pk, action):
    if action not in CASE_ACTIONS:
        raise Http404
    label, right, allowed = CASE_ACTIONS[action]
    case = restricted_or_404(Case.objects.select_related("kommun"), request.user, pk, right)
    if not allowed(case):
        # The button is not shown in this state; a forged request gets the same answer
        # (the service refuses too).
        messages.error(
            request,
            _("%(label)s går inte i ärendets nuvarande läge.") % {"label": label},
        )
        return HttpResponseRedirect(case.get_absolute_url())
    make_form, call = CASE_FORMS[action]
    form = make_form(request.POST or None, case)
    return run_form(
        request,
        form,
        lambda data: call(request, case, data),
        success=_("Sparat: %(label)s.") % {"label": label},
        redirect_to=case.get_absolute_url(),
        title=f"{label}: {case}",
        back=case.get_absolute_url(),
        intro=case.description,
    )
