"""Views of the governance process: thin, every check in the policy, every change in a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from governance import forms, services
from governance.choices import CaseStatus, MinutesStatus
from governance.filters import CaseFilter, CouncilFilter, DecisionFilter
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Case,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)
from governance.rules import APPLICANT_ROLES
from governance.tables import CaseTable, CouncilTable, DecisionTable
from portfolio import policy
from portfolio.exports import ExportMixin
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalView,
    restricted_or_404,
    run_action,
)
from portfolio.models import Kommun
from portfolio.policy import STEWARD_ROLES, get_scope


def _form_page(request, form, *, title, back, status=200, intro=""):
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "back": back, "intro": intro},
        status=status,
    )


def _run(request, form, action, *, success, redirect_to, title, back, intro=""):
    """Validate ``form``, run ``action(form.cleaned_data)`` and redirect; else show errors."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(redirect_to)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=title, back=back, status=status, intro=intro)


# --- Councils ---------------------------------------------------------------------------


class CouncilListView(ObjectListView):
    model = Council
    queryset = Council.objects.select_related("kommun", "samverkan")
    table_class = CouncilTable
    filterset_class = CouncilFilter
    title = gettext_lazy("Råd och grupper")
    add_url_name = "governance:council_add"

    def can_add(self):
        return get_scope(self.request.user).has_role(*STEWARD_ROLES)


class CouncilDetailView(ObjectDetailView):
    model = Council
    queryset = Council.objects.select_related("kommun", "samverkan")
    template_name = "governance/council_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        council = self.object
        user = self.request.user
        meetings = policy.restrict(council.meetings.all(), user).order_by("starts_at")
        context.update(
            members=council.members.select_related("user").order_by("role", "user__last_name"),
            meetings=meetings,
            can_manage=policy.can(user, policy.MANAGE, council),
            today=timezone.localdate(),
        )
        return context


class CouncilEditView(ObjectEditView):
    model = Council
    form_class = forms.CouncilForm

    def check_create(self):
        policy.require_role(self.request.user, *STEWARD_ROLES)


class CouncilMemberEditView(ObjectEditView):
    """Add a member to a council (``council_pk``) or change one (``pk``)."""

    model = CouncilMember
    form_class = forms.CouncilMemberForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "council_pk" in kwargs:
            self.council = restricted_or_404(
                Council.objects.all(), request.user, kwargs["council_pk"], policy.MANAGE
            )
        return super().dispatch(request, *args, **kwargs)

    def check_create(self):
        pass  # the council's MANAGE right was required in dispatch

    def get_form(self, data=None, files=None):
        council = self.object.council if self.object else self.council
        return self.form_class(
            data=data, instance=self.object, user=self.request.user, council=council
        )

    def get_success_url(self, obj):
        return obj.council.get_absolute_url()


# --- Årshjul -------------------------------------------------------------------------------


class YearWheelView(PortalView, TemplateView):
    template_name = "governance/arshjul.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        kommuner = policy.restrict(Kommun.objects.all(), user).order_by("name")
        try:
            kommun = kommuner.get(pk=int(self.request.GET.get("kommun", "")))
        except (ValueError, Kommun.DoesNotExist):
            own = get_scope(user).member_kommun_ids()
            kommun = kommuner.filter(pk__in=own).first() or kommuner.first()
        try:
            year = int(self.request.GET.get("year", timezone.localdate().year))
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2000), 2100)
        months = [{"number": m, "meetings": [], "milestones": []} for m in range(1, 13)]
        if kommun is not None:
            councils = Council.objects.filter(services_council_q(kommun), is_active=True).values(
                "pk"
            )
            meetings = (
                policy.restrict(Meeting.objects.filter(council__in=councils), user)
                .filter(starts_at__year=year)
                .select_related("council")
                .order_by("starts_at")
            )
            for meeting in meetings:
                months[timezone.localtime(meeting.starts_at).month - 1]["meetings"].append(meeting)
            milestones = policy.restrict(AnnualMilestone.objects.filter(kommun=kommun), user)
            for milestone in milestones:
                months[milestone.month - 1]["milestones"].append(
                    (milestone, milestone.date_in(year))
                )
        context.update(
            kommun=kommun,
            kommuner=kommuner,
            year=year,
            months=months,
            month_names=MONTHS,
            can_manage=kommun is not None
            and (
                get_scope(user).is_superuser
                or kommun.pk in get_scope(user).kommun_ids(STEWARD_ROLES)
            ),
        )
        return context


MONTHS = [
    gettext_lazy("Januari"),
    gettext_lazy("Februari"),
    gettext_lazy("Mars"),
    gettext_lazy("April"),
    gettext_lazy("Maj"),
    gettext_lazy("Juni"),
    gettext_lazy("Juli"),
    gettext_lazy("Augusti"),
    gettext_lazy("September"),
    gettext_lazy("Oktober"),
    gettext_lazy("November"),
    gettext_lazy("December"),
]


def services_council_q(kommun) -> Q:
    """Councils serving ``kommun``: its own and those of its samverkan organisations."""
    return Q(kommun=kommun) | Q(samverkan__members=kommun) | Q(samverkan__host=kommun)


class MilestoneEditView(ObjectEditView):
    model = AnnualMilestone
    form_class = forms.MilestoneForm

    def check_create(self):
        user = self.request.user
        stewarded = Kommun.objects.filter(pk__in=get_scope(user).kommun_ids(STEWARD_ROLES))
        if get_scope(user).is_superuser:
            stewarded = Kommun.objects.all()
        wanted = self.request.GET.get("kommun") or self.request.POST.get("kommun") or ""
        if wanted and not wanted.isdigit():
            raise PermissionDenied(_("Okänd kommun."))
        self.kommun = stewarded.filter(pk=wanted).first() if wanted else stewarded.first()
        if self.kommun is None:
            raise PermissionDenied(_("Bara IT-strategen får ändra årshjulet."))

    def save(self, form):
        if self.object is None:
            form.instance.kommun = self.kommun
        return super().save(form)

    def get_success_url(self, obj):
        return reverse("governance:arshjul") + f"?kommun={obj.kommun_id}"


# --- Meetings -----------------------------------------------------------------------------------


class MeetingEditView(ObjectEditView):
    model = Meeting
    form_class = forms.MeetingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "council_pk" in kwargs:
            self.council = restricted_or_404(
                Council.objects.all(), request.user, kwargs["council_pk"], policy.MANAGE
            )
        return super().dispatch(request, *args, **kwargs)

    def check_create(self):
        pass  # MANAGE on the council was required in dispatch

    def get_form(self, data=None, files=None):
        council = self.object.council if self.object else self.council
        return self.form_class(
            data=data, instance=self.object, user=self.request.user, council=council
        )

    def save(self, form):
        return services.save_meeting(actor=self.request.user, form=form)


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    queryset = Meeting.objects.select_related("council", "secretary", "adjuster", "signed_by")
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        items = meeting.items.select_related(
            "case__applicant", "case__forvaltning", "prioritisation_round", "decision"
        )
        can_edit = policy.can(user, policy.CHANGE, meeting)
        context.update(
            items=items,
            attendance=meeting.attendance.select_related("user").order_by("role"),
            can_edit=can_edit,
            can_decide=policy.can(user, policy.DECIDE, meeting),
            can_sign=policy.can(user, policy.SIGN, meeting),
            attendance_form=forms.AttendanceForm(meeting=meeting) if can_edit else None,
            can_retry=policy.can(user, policy.MANAGE, meeting),
            visible_decisions=set(
                policy.restrict(meeting.decisions.all(), user).values_list("pk", flat=True)
            ),
        )
        return context


def _meeting(request, pk, action):
    return restricted_or_404(Meeting.objects.select_related("council"), request.user, pk, action)


@login_required
def agenda_item_add(request, meeting_pk):
    meeting = _meeting(request, meeting_pk, policy.CHANGE)
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    return _run(
        request,
        form,
        lambda data: services.add_agenda_item(actor=request.user, meeting=meeting, form=form),
        success=_("Punkten är tillagd."),
        redirect_to=meeting.get_absolute_url(),
        title=_("Ny punkt på föredragningslistan"),
        back=meeting.get_absolute_url(),
    )


@login_required
@require_POST
def agenda_item_delete(request, pk):
    item = get_object_or_404(
        policy.restrict(AgendaItem.objects.select_related("meeting"), request.user), pk=pk
    )
    return run_action(
        request,
        lambda: services.remove_agenda_item(actor=request.user, item=item),
        success=_("Punkten är borttagen."),
        redirect_to=item.meeting.get_absolute_url(),
    )


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = _meeting(request, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: services.publish_agenda(actor=request.user, meeting=meeting),
        success=_("Föredragningslistan är publicerad och ledamöterna meddelade."),
        redirect_to=meeting.get_absolute_url(),
    )


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk, policy.CHANGE)
    form = forms.AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        return run_action(
            request,
            lambda: services.record_attendance(
                actor=request.user,
                meeting=meeting,
                present_user_ids=form.cleaned_data["present"],
                adjuster=form.cleaned_data["adjuster"],
            ),
            success=_("Närvaron är sparad."),
            redirect_to=meeting.get_absolute_url() + "#narvaro",
        )
    messages.error(request, _("Närvaron kunde inte sparas: kontrollera valen."))
    return HttpResponseRedirect(meeting.get_absolute_url() + "#narvaro")


@login_required
def decision_add(request, item_pk):
    item = get_object_or_404(
        policy.restrict(
            AgendaItem.objects.select_related("meeting__council", "case"), request.user
        ),
        pk=item_pk,
    )
    meeting = item.meeting
    policy.require(request.user, policy.DECIDE, meeting)
    form = forms.DecisionForm(request.POST or None, meeting=meeting)

    def action(data):
        services.record_decision(
            actor=request.user,
            item=item,
            decision_type=data["decision_type"],
            text=data["text"],
            conditions=data["conditions"],
            is_secret=data["is_secret"],
            corrects=data["corrects"],
        )

    return _run(
        request,
        form,
        action,
        success=_("Beslutet är registrerat."),
        redirect_to=meeting.get_absolute_url(),
        title=_("Beslut: %(title)s") % {"title": item.title},
        back=meeting.get_absolute_url(),
        intro=item.case.description if item.case else item.text,
    )


@login_required
def meeting_sign(request, pk):
    meeting = _meeting(request, pk, policy.SIGN)
    if request.method == "POST":
        return run_action(
            request,
            lambda: services.sign_minutes(actor=request.user, meeting=meeting),
            success=_("Protokollet är justerat. PDF:en skapas nu."),
            redirect_to=meeting.get_absolute_url(),
        )
    return render(
        request,
        "governance/meeting_sign.html",
        {"object": meeting, "decisions": meeting.decisions.order_by("number")},
    )


@login_required
def minutes_status(request, pk):
    meeting = _meeting(request, pk, policy.VIEW)
    context = {"object": meeting, "can_retry": policy.can(request.user, policy.MANAGE, meeting)}
    return render(request, "governance/_minutes_status.html", context)


@login_required
def minutes_download(request, pk):
    meeting = _meeting(request, pk, policy.DOWNLOAD)
    if meeting.minutes_status != MinutesStatus.DONE or not meeting.minutes_pdf:
        raise Http404(_("Protokollet är inte klart än."))
    name = f"protokoll-{meeting.council.name}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    return FileResponse(
        meeting.minutes_pdf.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )


@login_required
@require_POST
def minutes_retry(request, pk):
    meeting = _meeting(request, pk, policy.MANAGE)
    return run_action(
        request,
        lambda: services.retry_minutes(actor=request.user, meeting=meeting),
        success=_("Protokollet skapas igen."),
        redirect_to=meeting.get_absolute_url(),
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
        return get_scope(self.request.user).has_role(*APPLICANT_ROLES)


class CaseEditView(ObjectEditView):
    model = Case
    form_class = forms.CaseForm

    def check_create(self):
        policy.require_role(self.request.user, *APPLICANT_ROLES)

    def save(self, form):
        if self.object is None:
            return services.submit_case(actor=self.request.user, form=form)
        return services.update_case(actor=self.request.user, form=form)


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
            decisions=policy.restrict(case.decisions.select_related("council"), user),
            agenda_items=policy.restrict(
                case.agenda_items.select_related("meeting__council"), user
            ),
            actions=actions,
            can_edit=case.status == CaseStatus.ANMALAN and policy.can(user, policy.CHANGE, case),
        )
        return context


def _consult(request, case, data):
    services.record_consultation(actor=request.user, case=case, comment=data["comment"])


def _remiss(request, case, data):
    services.send_to_remiss(
        actor=request.user, case=case, council=data["council"], comment=data["comment"]
    )


def _opinion(request, case, data):
    services.record_opinion(
        actor=request.user, case=case, opinion=data["opinion"], anchored=data["anchored"]
    )


def _urgent(request, case, data):
    services.mark_urgent(actor=request.user, case=case, reason=data["reason"])


def _delegation(request, case, data):
    services.record_delegation_decision(
        actor=request.user,
        case=case,
        decision_type=data["decision_type"],
        text=data["text"],
        conditions=data["conditions"],
    )


def _ack(request, case, data):
    services.acknowledge_procurement(
        actor=request.user, case=case, party=data["party"], comment=data["comment"]
    )


def _withdraw(request, case, data):
    services.withdraw_case(actor=request.user, case=case, comment=data["comment"])


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
        lambda c: c.is_decidable,
    ),
    "kvittens": (
        gettext_lazy("Registrera kvittens"),
        policy.MANAGE,
        lambda c: c.status == CaseStatus.UPPHANDLING,
    ),
    "aterkalla": (
        gettext_lazy("Återkalla ärendet"),
        policy.CHANGE,
        lambda c: c.status in (CaseStatus.ANMALAN, CaseStatus.BEREDNING, CaseStatus.BEREDD),
    ),
}
CASE_FORMS = {
    "samrad": (lambda data, case: forms.CommentForm(data), _consult),
    "remiss": (lambda data, case: forms.RemissForm(data, case=case), _remiss),
    "yttrande": (lambda data, case: forms.OpinionForm(data), _opinion),
    "bradskande": (lambda data, case: forms.UrgentForm(data), _urgent),
    "delegationsbeslut": (lambda data, case: forms.DelegationDecisionForm(data), _delegation),
    "kvittens": (lambda data, case: forms.AckForm(data), _ack),
    "aterkalla": (lambda data, case: forms.CommentForm(data), _withdraw),
}


@login_required
def case_action(request, pk, action):
    if action not in CASE_ACTIONS:
        raise Http404
    label, right, _allowed = CASE_ACTIONS[action]
    case = restricted_or_404(Case.objects.select_related("kommun"), request.user, pk, right)
    make_form, call = CASE_FORMS[action]
    form = make_form(request.POST or None, case)
    return _run(
        request,
        form,
        lambda data: call(request, case, data),
        success=_("Sparat: %(label)s.") % {"label": label},
        redirect_to=case.get_absolute_url(),
        title=f"{label}: {case}",
        back=case.get_absolute_url(),
        intro=case.description,
    )


# --- Beslutslogg -------------------------------------------------------------------------------


class DecisionListView(ExportMixin, ObjectListView):
    template_name = "governance/decision_list.html"
    model = Decision
    queryset = Decision.objects.select_related("council", "meeting")
    table_class = DecisionTable
    filterset_class = DecisionFilter
    title = gettext_lazy("Beslutslogg")
    export_filename = "beslutslogg"
    export_columns = [
        (gettext_lazy("§"), lambda d: d.paragraph),
        (gettext_lazy("År"), lambda d: d.year),
        (gettext_lazy("Beslutande"), lambda d: d.body_name),
        (gettext_lazy("Rubrik"), lambda d: d.title),
        (gettext_lazy("Beslut"), lambda d: d.get_decision_type_display()),
        (gettext_lazy("Beslutstext"), lambda d: d.text),
        (gettext_lazy("Villkor"), lambda d: d.conditions),
        (gettext_lazy("Datum"), lambda d: timezone.localtime(d.decided_at).date().isoformat()),
        (gettext_lazy("Justerat"), lambda d: _("Ja") if d.is_final else _("Nej")),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["public_kommuner"] = policy.restrict(
            Kommun.objects.all(), self.request.user, policy.CHANGE
        ).order_by("name")[:20]
        return context


@login_required
@require_POST
def public_toggle(request, pk):
    """Turn a kommun's open decisions page (offentlighetsprincipen) on or off."""
    kommun = restricted_or_404(Kommun.objects.all(), request.user, pk, policy.CHANGE)
    enabled = request.POST.get("enabled") == "1"
    services.set_public_decisions(actor=request.user, kommun=kommun, enabled=enabled)
    if enabled:
        messages.success(request, _("Justerade beslut publiceras nu på den öppna sidan."))
    else:
        messages.success(request, _("Den öppna beslutssidan är avstängd."))
    return HttpResponseRedirect(reverse("governance:decision_list"))


class DecisionDetailView(ObjectDetailView):
    model = Decision
    queryset = Decision.objects.select_related(
        "council", "meeting", "case", "corrects__council", "recorded_by"
    )
    template_name = "governance/decision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            systems=policy.restrict(self.object.systems.all(), user),
            corrections=policy.restrict(self.object.corrections.all(), user),
            case_visible=self.object.case_id and policy.can(user, policy.VIEW, self.object.case),
            corrects_visible=self.object.corrects_id
            and policy.can(user, policy.VIEW, self.object.corrects),
        )
        return context


# --- Public decisions (offentlighetsprincipen) ----------------------------------------------


def public_decisions(request, kommunkod):
    """Signed, non-secret decisions of a kommun's publishing councils. No login."""
    kommun = get_object_or_404(Kommun, kommunkod=kommunkod, public_decisions_enabled=True)
    councils = Council.objects.filter(services_council_q(kommun))
    decisions = (
        Decision.objects.filter(
            council__in=councils.values("pk"),
            kommun=kommun,
            meeting__signed_at__isnull=False,
            is_secret=False,
        )
        .select_related("council", "meeting")
        .order_by("-decided_at", "-number")
    )
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year:
        decisions = decisions.filter(year=year)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        decisions = decisions.filter(Q(title__icontains=query) | Q(text__icontains=query))
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/public_decisions.html",
        {
            "kommun": kommun,
            "page": page,
            "councils": councils.distinct(),
            "year": year,
            "q": query,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


# --- Detail sections on systems and initiatives -------------------------------------------------


def decisions_section(request, obj):
    """The decisions and ärenden that concern an initiative or a system."""
    user = request.user
    if obj._meta.model_name == "initiative":
        decisions = Decision.objects.filter(case__initiative=obj)
        cases = Case.objects.filter(initiative=obj)
    else:
        decisions = Decision.objects.filter(systems=obj)
        cases = Case.objects.filter(systems=obj)
    return {
        "decisions": policy.restrict(decisions, user)
        .select_related("council", "meeting")
        .prefetch_related(Prefetch("corrections"))
        .order_by("-decided_at")[:50],
        "cases": policy.restrict(cases, user).order_by("-year", "-number")[:50],
    }
