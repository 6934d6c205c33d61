"""Generic views: each concrete view is configuration (NetBox style).

Every view goes through ``portfolio.policy``: lists are ``restrict``-ed,
objects are fetched from a restricted queryset (invisible → 404) and then
``require``-d for the action (not allowed → 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from portfolio import policy


class PortalView(LoginRequiredMixin, View):
    """Base for every signed-in page."""


class ObjectMixin:
    model: type[models.Model] | None = None
    queryset = None
    action = policy.VIEW

    def get_queryset(self):
        qs = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return qs.all()

    def get_object(self):
        # Visible rows only: anything else is a 404, never a 403.
        visible = policy.restrict(self.get_queryset(), self.request.user, policy.VIEW)
        obj = get_object_or_404(visible, pk=self.kwargs["pk"])
        policy.require(self.request.user, self.action, obj)
        return obj


class ObjectListView(ObjectMixin, PortalView, TemplateView):
    template_name = "portal/object_list.html"
    table_class = None
    filterset_class = None
    title = ""
    add_url_name: str | None = None
    paginate_by = 25

    def get_table_queryset(self):
        return policy.restrict(self.get_queryset(), self.request.user, policy.VIEW)

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = self.get_table_queryset()
        filterset = self.get_filterset(queryset)
        if filterset is not None:
            queryset = filterset.qs
        table = self.table_class(queryset)
        RequestConfig(self.request, paginate={"per_page": self.paginate_by}).configure(table)
        context.update(
            table=table,
            filter=filterset,
            title=self.title or self.model._meta.verbose_name_plural.capitalize(),
            add_url_name=self.add_url_name if self.can_add() else None,
        )
        return context

    def can_add(self) -> bool:
        return False


class ObjectDetailView(ObjectMixin, PortalView, TemplateView):
    template_name = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["can_change"] = policy.can(self.request.user, policy.CHANGE, self.object)
        return context


class ObjectEditView(ObjectMixin, PortalView, TemplateView):
    """Create (no pk) or edit (pk) one object through a form and a save hook.

    Forms take the acting user as ``user`` so that every choice list is
    restricted by the policy. ``save(form)`` should call a service.
    """

    template_name = "portal/object_edit.html"
    form_class = None
    action = policy.CHANGE
    success_message = _("Sparat.")

    def check_create(self) -> None:
        """Raise PermissionDenied when the policy gives the user nowhere to add one."""
        policy.require_add(self.request.user, self.model or self.form_class._meta.model)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.object = self.get_object()
        else:
            self.object = None
            self.check_create()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None, files=None):
        return self.form_class(data=data, files=files, instance=self.object, user=self.request.user)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                # Save and re-check in one transaction: whatever a tampered form
                # tries, the object must end up where the user may see it.
                with transaction.atomic():
                    obj = self.save(form)
                    policy.require_still_visible(request.user, obj)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.get_success_url(obj))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def save(self, form):
        obj = form.save(commit=False)
        obj._history_user = self.request.user
        obj.full_clean()
        obj.save()
        form.save_m2m()
        return obj

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        model = self.model or self.form_class._meta.model
        context["model_name"] = model._meta.verbose_name
        context["new_title"] = new_title(model)
        return context


#: first words of model names that are ett-ord (neuter): "Nytt avtal", not "Ny avtal"
NEUTER_WORDS = frozenset(
    {
        "avtal",
        "bedömningskriterium",
        "beslut",
        "initiativ",
        "kriterium",
        "mål",
        "råd",
        "sammanträde",
        "ska-krav",
        "strategiskt",
        "styrdokument",
        "system",
        "ärende",
    }
)


def new_title(model) -> str:
    """The heading of a create form: "Nytt ärende", "Ny leverantör" (the adjective
    agrees with the first noun of the model's Swedish name)."""
    name = str(model._meta.verbose_name)
    if name.split(" ", 1)[0] in NEUTER_WORDS:
        return _("Nytt %(name)s") % {"name": name}
    return _("Ny %(name)s") % {"name": name}


def restricted_or_404(queryset, user, pk, action=policy.VIEW):
    """Fetch one row the user may see (404 otherwise) and require ``action``."""
    obj = get_object_or_404(policy.restrict(queryset, user, policy.VIEW), pk=pk)
    policy.require(user, action, obj)
    return obj


__all__ = [
    "Http404",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectListView",
    "PortalView",
    "restricted_or_404",
]


def run_action(request, action, *, success, redirect_to: str) -> HttpResponseRedirect:
    """Run ``action()`` (a service call) for a POST view and redirect to ``redirect_to``.

    A ``ValidationError`` from the service becomes an error message; otherwise
    ``success`` (a text, or a callable that returns one after the action ran)
    becomes a success message. Either way the answer is a 302 to ``redirect_to``.
    """
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success() if callable(success) else success)
    return HttpResponseRedirect(redirect_to)
