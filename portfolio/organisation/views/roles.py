"""Role assignments: list, grant and end (the policy decides who may manage which)."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.generic import (
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.models import (
    RoleAssignment,
)
from portfolio.organisation import services
from portfolio.organisation.filters import RoleAssignmentFilter
from portfolio.organisation.forms import RoleAssignmentForm
from portfolio.organisation.tables import RoleAssignmentTable


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
        return policy.can_add(self.request.user, RoleAssignment)


class RoleAssignmentCreateView(ObjectEditView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    success_message = _("Rollen är tilldelad.")

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
    return run_action(
        request,
        lambda: services.end_role_assignment(actor=request.user, assignment=assignment),
        success=_("Rolltilldelningen är avslutad."),
        redirect_to=reverse("portfolio:role_list"),
    )
