from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from governance.councils import forms as council_forms
from governance.councils import services as council_services
from governance.councils.filters import CouncilFilter
from governance.councils.tables import CouncilTable
from governance.meetings.forms import MeetingSeriesForm
from governance.meetings.series import MONTH_NAMES, plan_meeting_series
from governance.models import (
    AnnualMilestone,
    Council,
    CouncilMember,
    Meeting,
)
from portfolio import policy
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalView,
    restricted_or_404,
)
from portfolio.models import Kommun
from portfolio.policy import get_scope

# --- Councils ---------------------------------------------------------------------------


class CouncilListView(ObjectListView):
    model = Council
    queryset = Council.objects.select_related("kommun", "samverkan")
    table_class = CouncilTable
    filterset_class = CouncilFilter
    title = gettext_lazy("Råd och grupper")
    add_url_name = "governance:council_add"

    def can_add(self):
        return policy.can_add(self.request.user, Council)


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
    form_class = council_forms.CouncilForm

    # check_create: the generic one asks policy.require_add(user, Council).

    def save(self, form):
        if self.object is None:
            return council_services.create_council(actor=self.request.user, **form.cleaned_data)
        return super().save(form)


class CouncilMemberEditView(ObjectEditView):
    """Add a member to a council (``council_pk``) or change one (``pk``)."""

    model = CouncilMember
    form_class = council_forms.CouncilMemberForm

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

    def save(self, form):
        member = form.save(commit=False)
        return council_services.save_member(actor=self.request.user, member=member)

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
        plannable = []
        if kommun is not None:
            plannable = list(
                policy.restrict(
                    Council.objects.filter(services_council_q(kommun), is_active=True).distinct(),
                    user,
                    policy.MANAGE,
                ).order_by("name")
            )
        today = timezone.localdate()
        for month in months:
            month["name"] = MONTHS[month["number"] - 1]
            month["current"] = year == today.year and month["number"] == today.month
            month["milestones"].sort(key=lambda row: row[1])
        context.update(
            kommun=kommun,
            kommuner=kommuner,
            year=year,
            months=months,
            month_names=MONTHS,
            plannable=plannable,
            can_manage=kommun is not None
            and policy.can_add(user, AnnualMilestone, kommun_id=kommun.pk),
        )
        return context


MONTHS = MONTH_NAMES  # lowercase, as Swedish writes them


def services_council_q(kommun) -> Q:
    """Councils serving ``kommun``: its own and those of its samverkan organisations."""
    return Q(kommun=kommun) | Q(samverkan__members=kommun) | Q(samverkan__host=kommun)


class MilestoneEditView(ObjectEditView):
    model = AnnualMilestone
    form_class = council_forms.MilestoneForm

    def check_create(self):
        stewarded = policy.targets(self.request.user, AnnualMilestone).kommuner().order_by("name")
        wanted = self.request.GET.get("kommun") or self.request.POST.get("kommun") or ""
        if wanted and not wanted.isdigit():
            raise PermissionDenied(_("Okänd kommun."))
        self.kommun = stewarded.filter(pk=wanted).first() if wanted else stewarded.first()
        if self.kommun is None:
            raise PermissionDenied(_("Bara IT-strategen får ändra årshjulet."))

    def save(self, form):
        if self.object is None:
            return council_services.create_milestone(
                actor=self.request.user, kommun=self.kommun, **form.cleaned_data
            )
        return super().save(form)

    def get_success_url(self, obj):
        return reverse("governance:arshjul") + f"?kommun={obj.kommun_id}"


# --- Planning a year's meetings ------------------------------------------------------


def _arshjul_url(council: Council, year: int) -> str:
    kommun_id = council.kommun_id or council.samverkan.host_id
    return reverse("governance:arshjul") + f"?kommun={kommun_id}&year={year}"


@login_required
def meeting_series(request, council_pk):
    """Plan a year's meetings of a council: form → preview of the dates → create them all."""
    council = restricted_or_404(
        Council.objects.select_related("kommun", "samverkan"),
        request.user,
        council_pk,
        policy.MANAGE,
    )
    today = timezone.localdate()
    next_year = today.month >= 9
    form = MeetingSeriesForm(
        request.POST or None,
        initial={
            "year": today.year + 1 if next_year else today.year,
            "count": min(council.meetings_per_year or 4, 12),
            "weekday": 1,
            "week": 2,
            "time": "13:00",
            "first_month": 1 if next_year else today.month + 1,
            "excluded_months": [7],
        },
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            dates = form.dates()
            if request.POST.get("confirm"):
                created = plan_meeting_series(
                    actor=request.user,
                    council=council,
                    dates=dates,
                    time=form.cleaned_data["time"],
                    place=form.cleaned_data["place"],
                )
                messages.success(
                    request,
                    _("%(n)s sammanträden är planerade för %(council)s.")
                    % {"n": len(created), "council": council.name},
                )
                return redirect(_arshjul_url(council, form.cleaned_data["year"]))
            taken = {
                timezone.localtime(m).date()
                for m in Meeting.objects.filter(
                    council=council, starts_at__date__in=dates
                ).values_list("starts_at", flat=True)
            }
            preview = [
                {"date": d, "taken": d in taken, "past": d < today, "month": MONTHS[d.month - 1]}
                for d in dates
            ]
        except ValidationError as exc:
            form.add_error(None, exc)
    blocked = preview is not None and any(p["taken"] or p["past"] for p in preview)
    return render(
        request,
        "governance/councils/series.html",
        {
            "council": council,
            "form": form,
            "preview": preview,
            "blocked": blocked,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
