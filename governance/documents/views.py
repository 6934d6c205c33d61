"""Styrdokument views: thin; the policy decides, the services change state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.documents import forms as document_forms
from governance.documents import services
from governance.documents.filters import GoverningDocumentFilter
from governance.documents.models import GoverningDocument
from governance.documents.tables import GoverningDocumentTable
from portfolio import policy
from portfolio.audit.trail import object_history
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
)

DOCUMENT_QS = GoverningDocument.objects.select_related("kommun", "samverkan", "owner")


class DocumentListView(ObjectListView):
    model = GoverningDocument
    queryset = DOCUMENT_QS.order_by("title", "-version", "pk")
    table_class = GoverningDocumentTable
    filterset_class = GoverningDocumentFilter
    title = gettext_lazy("Styrdokument")
    add_url_name = "governance:document_add"

    def can_add(self):
        return policy.can_add(self.request.user, GoverningDocument)


def _links(data) -> dict:
    return {name: data.get(name) or () for name in services.LINKS}


def _fields(data) -> dict:
    return {name: data[name] for name in services.FIELDS if name in data}


class DocumentEditView(ObjectEditView):
    model = GoverningDocument
    queryset = DOCUMENT_QS
    form_class = document_forms.DocumentForm
    success_message = gettext_lazy("Styrdokumentet är sparat.")

    # check_create: the generic one asks policy.require_add(user, GoverningDocument).

    def save(self, form):
        data = form.cleaned_data
        if self.object is None:
            return services.add_document(
                actor=self.request.user,
                kommun=data.get("kommun"),
                samverkan=data.get("samverkan"),
                file=data["file"],
                links=_links(data),
                **_fields(data),
            )
        return services.update_document(
            actor=self.request.user, document=self.object, links=_links(data), **_fields(data)
        )


class DocumentDetailView(ObjectDetailView):
    model = GoverningDocument
    queryset = DOCUMENT_QS.select_related(
        "decision__council", "decision__meeting", "superseded_by", "created_by"
    )
    template_name = "governance/documents/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        user = self.request.user
        context.update(
            goals=policy.restrict(document.goals.all(), user).order_by("name"),
            systems=policy.restrict(document.systems.all(), user).order_by("name"),
            initiatives=policy.restrict(document.initiatives.all(), user).order_by("title"),
            versions=policy.restrict(GoverningDocument.objects.filter(series=document.series), user)
            .select_related("superseded_by", "created_by")
            .order_by("-version"),
            history=object_history(document, limit=50),
        )
        return context


@login_required
def document_version(request, pk):
    """Upload a new version: the form, then ``services.add_version``."""
    document = restricted_or_404(DOCUMENT_QS, request.user, pk, policy.CHANGE)
    form = document_forms.VersionForm(
        request.POST or None, request.FILES or None, user=request.user, document=document
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                new = services.add_version(
                    actor=request.user, document=document, file=data["file"], **_fields(data)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Den nya versionen är uppladdad."))
                return HttpResponseRedirect(new.get_absolute_url())
    return render(
        request,
        "governance/documents/document_version.html",
        {"form": form, "object": document},
        status=status,
    )


@login_required
def document_download(request, pk):
    """The PDF, for whoever may see the document (an invisible one answers 404)."""
    document = restricted_or_404(DOCUMENT_QS, request.user, pk, policy.DOWNLOAD)
    if not document.file:
        raise Http404(_("Filen saknas."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen saknas.")) from None
    name = document.file_name or f"styrdokument-{document.pk}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


def documents_section(request, obj):
    """The styrdokument that govern a system or an initiative (current versions)."""
    documents = (
        policy.restrict(obj.governing_documents.filter(superseded_by__isnull=True), request.user)
        .select_related("owner")
        .order_by("title")
    )
    return {"documents": documents}
