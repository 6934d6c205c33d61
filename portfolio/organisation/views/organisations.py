from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.generic import (
    ObjectDetailView,
    ObjectListView,
    PortalView,
)
from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunYearFigures,
    Samverkansorganisation,
)
from portfolio.navigation import detail_sections_for, panels_for
from portfolio.organisation.tables import KommunTable
from portfolio.todo.registry import todos_for


class HomeView(PortalView):
    """Översikt: the start page, Att göra first, then the role-aware panels."""

    def get(self, request):
        scope = policy.get_scope(request.user)
        return render(
            request,
            "portfolio/organisation/home.html",
            {"todos": todos_for(request.user), "panels": panels_for(request), "scope": scope},
        )


class KommunListView(ObjectListView):
    model = Kommun
    table_class = KommunTable
    title = _("Kommuner")


class KommunDetailView(ObjectDetailView):
    model = Kommun
    template_name = "portfolio/organisation/kommun_detail.html"

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
        context["detail_sections"] = detail_sections_for(self.request, kommun)
        return context


class ForvaltningDetailView(ObjectDetailView):
    model = Forvaltning
    queryset = Forvaltning.objects.select_related("kommun")
    template_name = "portfolio/organisation/forvaltning_detail.html"


class SamverkanListView(ObjectListView):
    template_name = "portfolio/organisation/samverkan_list.html"
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
    template_name = "portfolio/organisation/samverkan_detail.html"
