"""Public pages and files of a kommun, no login: decisions, open data, signed minutes.

Everything here reads ``governance.opendata.selection`` and nothing else, so
the page, the files and the minutes agree on what is public. The files never
touch the session or the user, so an anonymous request gets no ``Vary:
Cookie`` and a shared cache may keep the file for ``FILE_MAX_AGE`` seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from governance.opendata.datasets import (
    DECISIONS,
    Dataset,
    clean_text,
    csv_chunks,
    json_chunks,
    published_datasets,
)
from governance.opendata.models import OpenDataPublication
from governance.opendata.selection import (
    DECISION_FIELDS,
    public_minutes,
    published_decisions,
    publishing_kommuner,
    system_summary,
)
from portfolio.models import Kommun

#: seconds a browser or shared cache may keep an open-data file or catalogue
FILE_MAX_AGE = 600
#: signed minutes never change; publication may be turned off, so not for ever
MINUTES_MAX_AGE = 3600

URL_NAMES = {
    ("beslut", "csv"): "offentligt:open_data_decisions_csv",
    ("beslut", "json"): "offentligt:open_data_decisions_json",
    ("system", "csv"): "offentligt:open_data_systems_csv",
    ("system", "json"): "offentligt:open_data_systems_json",
}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8; header=present", "json": "application/json"}


def _cache_publicly(request, response, max_age):
    """Shared caches may keep the response, unless it refreshes a signed-in user's cookie.

    The session is saved on every request (the inactivity timeout), so a
    visitor with a session gets a ``Set-Cookie``: such a response is private.
    """
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


# --- The public decision page (offentlighetsprincipen) -------------------------------------


def public_decisions(request, kommunkod):
    """Signed, non-secret decisions of a kommun's councils, with their public minutes."""
    kommun = get_object_or_404(
        Kommun.objects.select_related("open_data"),
        kommunkod=kommunkod,
        public_decisions_enabled=True,
    )
    decisions = published_decisions(kommun).select_related("council")
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
    meeting_ids = {d.meeting_id for d in page if d.meeting_id}
    with_minutes = (
        set(public_minutes(kommun).filter(pk__in=meeting_ids).values_list("pk", flat=True))
        if meeting_ids
        else set()
    )
    publication = getattr(kommun, "open_data", None)
    return render(
        request,
        "governance/public_decisions.html",
        {
            "kommun": kommun,
            "page": page,
            "with_minutes": with_minutes,
            "open_data": bool(published_datasets(publication)),
            "year": year,
            "q": query,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


def minutes_pdf(request, kommunkod, pk):
    """The signed minutes PDF of a meeting with public decisions, when nothing in it is secret."""
    kommun = get_object_or_404(publishing_kommuner(), kommunkod=kommunkod)
    meeting = get_object_or_404(public_minutes(kommun).select_related("council"), pk=pk)
    name = f"protokoll-{meeting.council.name}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response = FileResponse(
        meeting.minutes_pdf.open("rb"), filename=name, content_type="application/pdf"
    )
    return _cache_publicly(request, response, MINUTES_MAX_AGE)


# --- Open data ----------------------------------------------------------------------------


def _publishing(kommunkod) -> tuple[Kommun, OpenDataPublication, list[Dataset]]:
    """The kommun, its setting and its published datasets; 404 when it publishes none."""
    kommun = get_object_or_404(Kommun.objects.select_related("open_data"), kommunkod=kommunkod)
    publication = getattr(kommun, "open_data", None)
    datasets = published_datasets(publication)
    if not datasets:
        raise Http404(_("Kommunen publicerar inga öppna data."))
    return kommun, publication, datasets


def _urls(request, kommun, dataset: Dataset) -> dict[str, str]:
    return {
        fmt: request.build_absolute_uri(
            reverse(URL_NAMES[dataset.slug, fmt], args=[kommun.kommunkod])
        )
        for fmt in ("csv", "json")
    }


def _absolute(request, name, kommun) -> str:
    return request.build_absolute_uri(reverse(name, args=[kommun.kommunkod]))


def open_data(request, kommunkod):
    """The kommun's open-data page: its datasets, their files and the licence."""
    kommun, publication, datasets = _publishing(kommunkod)
    return render(
        request,
        "governance/opendata/landing.html",
        {
            "kommun": kommun,
            "publication": publication,
            "datasets": [(d, _urls(request, kommun, d)) for d in datasets],
            "catalog_url": _absolute(request, "offentligt:open_data_catalog", kommun),
        },
    )


def _decision_rows(request, kommun):
    minutes = {
        pk: request.build_absolute_uri(
            reverse("offentligt:minutes_pdf", args=[kommun.kommunkod, pk])
        )
        for pk in public_minutes(kommun).values_list("pk", flat=True)
    }
    for row in published_decisions(kommun).values(*DECISION_FIELDS).iterator(chunk_size=1000):
        row["minutes_url"] = minutes.get(row["meeting_id"])
        yield row


def _rows(request, kommun, dataset: Dataset):
    if dataset is DECISIONS:
        return _decision_rows(request, kommun)
    return system_summary(kommun).iterator(chunk_size=1000)


def _in_swedish(chunks):
    """Headers and labels in Swedish whatever the request's language: a stable file."""
    with translation.override("sv"):
        yield from chunks


def _public_file_headers(response, request, kommun, publication, links=()):
    _cache_publicly(request, response, FILE_MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = ", ".join(
        [
            f'<{publication.licence_url}>; rel="license"',
            f"<{_absolute(request, 'offentligt:open_data_catalog', kommun)}>; "
            'rel="describedby"; type="application/rdf+xml"',
            *links,
        ]
    )
    return response


def dataset_file(request, kommunkod, slug, fmt):
    """One dataset as CSV or JSON, streamed; 404 unless the kommun publishes it."""
    kommun, publication, datasets = _publishing(kommunkod)
    dataset = next((d for d in datasets if d.slug == slug), None)
    if dataset is None:
        raise Http404(_("Kommunen publicerar inte de här uppgifterna."))
    urls = _urls(request, kommun, dataset)
    rows = _rows(request, kommun, dataset)
    if fmt == "csv":
        chunks = csv_chunks(dataset, rows)
    else:
        with translation.override("sv"):
            metadata = _metadata(request, kommun, publication, dataset, urls)
        chunks = json_chunks(dataset, metadata, rows)
    response = StreamingHttpResponse(_in_swedish(chunks), content_type=MEDIA_TYPES[fmt])
    if fmt == "csv":
        filename = f"{kommun.kommunkod}-{dataset.slug}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    other = "json" if fmt == "csv" else "csv"
    alternate = f'<{urls[other]}>; rel="alternate"; type="{MEDIA_TYPES[other].split(";")[0]}"'
    return _public_file_headers(response, request, kommun, publication, [alternate])


def _metadata(request, kommun, publication, dataset, urls) -> dict:
    return {
        "title": f"{dataset.title} – {kommun.name}",
        "description": str(dataset.description),
        "publisher": {"name": kommun.name, "kommunkod": kommun.kommunkod},
        "license": {
            "id": publication.licence,
            "name": publication.get_licence_display(),
            "url": publication.licence_url,
        },
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "source": urls["json"],
        "distributions": urls,
        "landing_page": _absolute(request, "offentligt:open_data", kommun),
        "catalog": _absolute(request, "offentligt:open_data_catalog", kommun),
        "contact": {
            "description": clean_text(publication.description),
            "email": publication.contact_email or None,
        },
        "fields": [{"name": c.key, "title": str(c.header)} for c in dataset.columns],
    }


def catalog(request, kommunkod):
    """The kommun's open data described for a data catalogue: DCAT-AP-SE in RDF/XML."""
    kommun, publication, datasets = _publishing(kommunkod)
    with translation.override("sv"):
        body = render_to_string(
            "governance/opendata/catalog.rdf",
            {
                "kommun": kommun,
                "publication": publication,
                "description": clean_text(publication.description),
                "datasets": [(d, _urls(request, kommun, d)) for d in datasets],
                "catalog_url": _absolute(request, "offentligt:open_data_catalog", kommun),
                "landing_url": _absolute(request, "offentligt:open_data", kommun),
                "modified": timezone.localtime(publication.updated_at).date(),
            },
        )
    response = HttpResponse(body, content_type="application/rdf+xml; charset=utf-8")
    return _public_file_headers(response, request, kommun, publication)
