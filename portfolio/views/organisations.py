from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy, services
from portfolio.filters import RoleAssignmentFilter
from portfolio.forms import RoleAssignmentForm
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalView,
    restricted_or_404,
)
from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunYearFigures,
    RoleAssignment,
    Samverkansorganisation,
)
from portfolio.navigation import panels_for
from portfolio.tables import KommunTable, RoleAssignmentTable


class HomeView(PortalView):
    """Översikt: the start page, assembled from role-aware panels."""

    def get(self, request):
        scope = policy.get_scope(request.user)
        return render(
            request,
            "portfolio/home.html",
            {"panels": panels_for(request), "scope": scope},
        )


class KommunListView(ObjectListView):
    model = Kommun
    table_class = KommunTable
    title = _("Kommuner")


class KommunDetailView(ObjectDetailView):
    model = Kommun
    template_name = "portfolio/kommun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        kommun = self.object
        context["forvaltningar"] = policy.restrict(kommun.forvaltningar.all(), user, policy.VIEW)
        context["year_figures"] = policy.restrict(
            KommunYearFigures.objects.filter(kommun=kommun), user, policy.VIEW
        )
        context["samverkan"] = policy.restrict(
            Samverkansorganisation.objects.filter(members=kommun).select_related("host"),
            user,
            policy.VIEW,
        )
        context["can_manage"] = policy.can(user, policy.MANAGE, kommun)
        return context


class ForvaltningDetailView(ObjectDetailView):
    model = Forvaltning
    queryset = Forvaltning.objects.select_related("kommun")
    template_name = "portfolio/forvaltning_detail.html"


class SamverkanListView(ObjectListView):
    template_name = "portfolio/samverkan_list.html"
    model = Samverkansorganisation

    def get_context_data(self, **kwargs):
        context = super(ObjectListView, self).get_context_data(**kwargs)
        context["objects"] = policy.restrict(
            Samverkansorganisation.objects.select_related("host").prefetch_related(
                Prefetch("members", queryset=Kommun.objects.order_by("name"))
            ),
            self.request.user,
        )
        return context


class SamverkanDetailView(ObjectDetailView):
    model = Samverkansorganisation
    queryset = Samverkansorganisation.objects.select_related("host").prefetch_related("members")
    template_name = "portfolio/samverkan_detail.html"


class RoleAssignmentListView(ObjectListView):
    model = RoleAssignment
    queryset = RoleAssignment.objects.select_related(
        "user", "kommun", "forvaltning__kommun", "samverkan"
    )
    table_class = RoleAssignmentTable
    filterset_class = RoleAssignmentFilter
    title = _("Roller och behörigheter")
    add_url_name = "portfolio:role_add"

    def can_add(self):
        return policy.restrict(Kommun.objects.all(), self.request.user, policy.MANAGE).exists()


class RoleAssignmentCreateView(ObjectEditView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    success_message = _("Rollen är tilldelad.")

    def check_create(self):
        if not policy.restrict(Kommun.objects.all(), self.request.user, policy.MANAGE).exists():
            raise PermissionDenied(_("Bara IT-strateg eller administratör får tilldela roller."))

    def save(self, form):
        data = form.cleaned_data
        return services.assign_role(
            actor=self.request.user,
            user=data["user"],
            role=data["role"],
            kommun=data.get("kommun"),
            forvaltning=data.get("forvaltning"),
            samverkan=data.get("samverkan"),
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
        )

    def get_success_url(self, obj):
        return reverse("portfolio:role_list")


@require_POST
def role_end(request, pk):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("login"))
    assignment = restricted_or_404(RoleAssignment.objects.all(), request.user, pk, policy.MANAGE)
    try:
        services.end_role_assignment(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rolltilldelningen är avslutad."))
    return HttpResponseRedirect(reverse("portfolio:role_list"))
