"""Views of the governance process: thin, every check in the policy, every change in a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance.choices import MINUTES_NOT_REQUESTED, AgendaItemKind
from governance.meetings import decisions as decision_services
from governance.meetings import forms as meeting_forms
from governance.meetings import justering
from governance.meetings import recusals as recusal_services
from governance.meetings import services as meeting_services
from governance.meetings.filters import DecisionFilter
from governance.meetings.guards import has_taken_place
from governance.meetings.tables import DecisionTable
from governance.models import (
    AgendaItem,
    Case,
    Council,
    Decision,
    Meeting,
    Recusal,
)
from governance.pages import run_form
from portfolio import policy
from portfolio.exports import ExportMixin
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.jobs import JobStatus
from portfolio.models import Kommun

# --- Meetings -----------------------------------------------------------------------------------


class MeetingEditView(ObjectEditView):
    model = Meeting
    form_class = meeting_forms.MeetingForm

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
        return meeting_services.save_meeting(actor=self.request.user, form=form)


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    queryset = Meeting.objects.select_related("council", "secretary", "adjuster", "signed_by")
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        items = meeting.items.select_related(
            "case__applicant",
            "case__forvaltning",
            "prioritisation_round",
            "budget_version__kommun",
            "budget_version__samverkan",
            "decision__adjusted_by",
        ).prefetch_related("recusals__user")
        attendance = list(meeting.attendance.select_related("user").order_by("role"))
        attendees = {a.user_id: a.user for a in attendance}
        can_edit = policy.can(user, policy.CHANGE, meeting)
        held = has_taken_place(meeting)
        is_adjuster = meeting.adjuster_id == user.pk and not meeting.is_signed()
        may_sign = policy.can(user, policy.SIGN, meeting)
        context.update(
            items=[(item, recusal_services.jav_lines(item, attendees)) for item in items],
            attendance=attendance,
            can_edit=can_edit,
            decidable_items=set(
                policy.restrict(meeting.items.all(), user, policy.DECIDE).values_list(
                    "pk", flat=True
                )
            ),
            adjustable_decisions=set(
                policy.restrict(meeting.decisions.all(), user, policy.SIGN).values_list(
                    "pk", flat=True
                )
            )
            if held
            else set(),
            held=held,
            can_sign=held and may_sign,
            # the justerare sees why the button is missing: the meeting is ahead, or jäv
            sign_blocked=is_adjuster and not (held and may_sign),
            attendance_form=meeting_forms.AttendanceForm(meeting=meeting) if can_edit else None,
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
    form = meeting_forms.AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    return run_form(
        request,
        form,
        lambda data: meeting_services.add_agenda_item(
            actor=request.user, meeting=meeting, form=form
        ),
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
        lambda: meeting_services.remove_agenda_item(actor=request.user, item=item),
        success=_("Punkten är borttagen."),
        redirect_to=item.meeting.get_absolute_url(),
    )


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = _meeting(request, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: meeting_services.publish_agenda(actor=request.user, meeting=meeting),
        success=_("Föredragningslistan är publicerad och ledamöterna meddelade."),
        redirect_to=meeting.get_absolute_url(),
    )


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk, policy.CHANGE)
    form = meeting_forms.AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        return run_action(
            request,
            lambda: meeting_services.record_attendance(
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
    policy.require(request.user, policy.DECIDE, item)
    if item.kind == AgendaItemKind.INFORMATION:
        # No button is shown for these; the service refuses a forged POST too.
        messages.error(request, _("Punkten kan inte få något beslut."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    form = meeting_forms.DecisionForm(request.POST or None, meeting=meeting)

    def action(data):
        decision_services.record_decision(
            actor=request.user,
            item=item,
            decision_type=data["decision_type"],
            text=data["text"],
            conditions=data["conditions"],
            is_secret=data["is_secret"],
            corrects=data["corrects"],
        )

    return run_form(
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
            lambda: justering.sign_minutes(actor=request.user, meeting=meeting),
            success=_("Protokollet är justerat och besluten gäller. PDF:en skapas nu."),
            redirect_to=meeting.get_absolute_url(),
        )
    return render(
        request,
        "governance/meeting_sign.html",
        {
            "object": meeting,
            "decisions": meeting.decisions.order_by("number"),
            "held": has_taken_place(meeting),
        },
    )


@login_required
def decision_adjust(request, pk):
    """Omedelbar justering of one § by the meeting's justerare (confirm, then POST)."""
    decision = restricted_or_404(
        Decision.objects.select_related("meeting__council", "agenda_item"),
        request.user,
        pk,
        policy.SIGN,
    )
    meeting = decision.meeting
    if request.method == "POST":
        return run_action(
            request,
            lambda: justering.adjust_decision(actor=request.user, decision=decision),
            success=_("Paragrafen är omedelbart justerad och beslutet gäller."),
            redirect_to=meeting.get_absolute_url(),
        )
    return render(
        request,
        "governance/decision_adjust.html",
        {"object": decision, "meeting": meeting, "held": has_taken_place(meeting)},
    )


@login_required
def recusal_add(request, item_pk):
    """Jäv: an attendee takes no part in this §."""
    item = restricted_or_404(
        AgendaItem.objects.select_related("meeting__council", "case"),
        request.user,
        item_pk,
        policy.CHANGE,
    )
    form = meeting_forms.RecusalForm(request.POST or None, item=item)
    back = item.meeting.get_absolute_url()
    return run_form(
        request,
        form,
        lambda data: recusal_services.record_recusal(
            actor=request.user, item=item, user=data["user"], reason=data["reason"]
        ),
        success=_("Jävet är registrerat."),
        redirect_to=back,
        title=_("Anmäl jäv: %(title)s") % {"title": item.title},
        back=back,
        intro=_(
            "Den som är jävig deltar inte i handläggningen av punkten: lämnar inget yttrande, "
            "registrerar inte beslutet och justerar inte paragrafen."
        ),
    )


@login_required
@require_POST
def recusal_delete(request, pk):
    recusal = restricted_or_404(
        Recusal.objects.select_related("agenda_item__meeting"), request.user, pk, policy.CHANGE
    )
    return run_action(
        request,
        lambda: recusal_services.remove_recusal(actor=request.user, recusal=recusal),
        success=_("Jävet är borttaget."),
        redirect_to=recusal.agenda_item.meeting.get_absolute_url(),
    )


@login_required
def minutes_status(request, pk):
    meeting = _meeting(request, pk, policy.VIEW)
    context = {"object": meeting, "can_retry": policy.can(request.user, policy.MANAGE, meeting)}
    return render(request, "governance/_minutes_status.html", context)


@login_required
def minutes_download(request, pk):
    meeting = _meeting(request, pk, policy.DOWNLOAD)
    if meeting.minutes_status != JobStatus.DONE or not meeting.minutes_pdf:
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
    # "Protokollet skapas" the first time; after a failure "igen"; the service refuses the rest.
    first = meeting.minutes_status == MINUTES_NOT_REQUESTED
    return run_action(
        request,
        lambda: meeting_services.retry_minutes(actor=request.user, meeting=meeting),
        success=_("Protokollet skapas.") if first else _("Protokollet skapas igen."),
        redirect_to=meeting.get_absolute_url(),
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
        (gettext_lazy("Beslutsdatum"), lambda d: d.decision_date),
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
    meeting_services.set_public_decisions(actor=request.user, kommun=kommun, enabled=enabled)
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


# --- Detail sections on systems and initiatives -------------------------------------------------


def decisions_section(request, obj):
    """The decisions and ärenden that concern an initiative or a system."""
    user = request.user
    if obj._meta.model_name == "initiative":
        decisions = Decision.objects.filter(Q(initiative=obj) | Q(case__initiative=obj)).distinct()
        cases = Case.objects.filter(initiative=obj)
    else:
        decisions = Decision.objects.filter(systems=obj)
        cases = Case.objects.filter(systems=obj)
    return {
        "decisions": policy.restrict(decisions, user)
        .select_related("council", "meeting")
        .prefetch_related(Prefetch("corrections"))
        .order_by("-decision_date", "-number")[:50],
        "cases": policy.restrict(cases, user).order_by("-year", "-number")[:50],
    }
