"""Styrdokument services: add, change, upload a new version (which supersedes the old one).

Every function takes keyword-only arguments with an ``actor``, asks the policy
and runs in one transaction. The file is checked with the shared upload checks
(``portfolio.uploads``: PDF only, size, content) here as well as in the form,
so a forged request cannot store anything else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.documents.models import GoverningDocument
from governance.meetings.models import Decision
from portfolio import policy
from portfolio.uploads import ImportFileValidator

#: the fields a document's metadata form changes (links are set separately)
FIELDS = (
    "kind",
    "title",
    "description",
    "owner",
    "decided_by",
    "decision",
    "decision_text",
    "decision_date",
    "valid_until",
    "revision_date",
)
LINKS = ("goals", "systems", "initiatives")


def check_pdf(uploaded) -> None:
    """ValidationError unless ``uploaded`` is a PDF within DOCUMENT_MAX_UPLOAD_BYTES."""
    if uploaded is None:
        raise ValidationError({"file": _("Välj en PDF-fil.")})
    try:
        ImportFileValidator((".pdf",), settings.DOCUMENT_MAX_UPLOAD_BYTES)(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None


def _check_owner(document: GoverningDocument) -> None:
    policy.require_person(
        document.owner,
        kommun_id=document.kommun_id,
        samverkan_id=document.samverkan_id,
        field="owner",
    )


def _check_decision(actor, document: GoverningDocument, kommun_ids: set[int]) -> None:
    decision = document.decision
    if decision is None:
        return
    visible = policy.restrict(Decision.objects.filter(pk=decision.pk), actor).exists()
    if not visible or decision.kommun_id not in kommun_ids:
        raise ValidationError(
            {"decision": _("Beslutet måste vara ett beslut i dokumentets kommun som du kan se.")}
        )


def _check_links(actor, links: dict, kommun_ids: set[int]) -> None:
    """Goals, systems and initiatives must belong to the document's kommun(er) and be visible."""
    errors = {}
    for name, message in (
        ("goals", _("Målen måste höra till dokumentets kommun.")),
        ("systems", _("Systemen måste höra till dokumentets kommun.")),
        ("initiatives", _("Initiativen måste höra till dokumentets kommun.")),
    ):
        chosen = list(links.get(name) or ())
        if not chosen:
            continue
        model = type(chosen[0])
        pks = {obj.pk for obj in chosen}
        allowed = policy.restrict(model.objects.filter(pk__in=pks), actor).filter(
            kommun__in=kommun_ids
        )
        if allowed.count() != len(pks):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def _store_file(document: GoverningDocument, uploaded) -> None:
    check_pdf(uploaded)
    document.file_name = (uploaded.name or "dokument.pdf").rsplit("/", 1)[-1][:200]
    document.file_size = uploaded.size or 0
    document.file.save(document.file_name, uploaded, save=False)


def _save(document: GoverningDocument, actor, links: dict | None) -> GoverningDocument:
    document._history_user = actor
    document.full_clean(exclude=["file"])
    document.save()
    if links is not None:
        for name in LINKS:
            getattr(document, name).set(links.get(name) or ())
    policy.require_still_visible(actor, document)
    return document


@transaction.atomic
def add_document(
    *, actor, kommun=None, samverkan=None, file, links: dict | None = None, **fields
) -> GoverningDocument:
    """A new styrdokument (version 1) of ``kommun`` or ``samverkan`` with its PDF."""
    if bool(kommun) == bool(samverkan):
        raise ValidationError(
            _("Välj antingen en kommun eller en samverkansorganisation, inte båda.")
        )
    where = {"samverkan_id": samverkan.pk} if samverkan else {"kommun_id": kommun.pk}
    policy.require_add(actor, GoverningDocument, **where)
    document = GoverningDocument(kommun=kommun, samverkan=samverkan, created_by=actor)
    for name in FIELDS:
        if name in fields:
            setattr(document, name, fields[name])
    kommun_ids = document.kommun_ids()
    _check_owner(document)
    _check_decision(actor, document, kommun_ids)
    _check_links(actor, links or {}, kommun_ids)
    _store_file(document, file)
    return _save(document, actor, links or {})


def _locked(document: GoverningDocument) -> GoverningDocument:
    return GoverningDocument.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def update_document(
    *, actor, document: GoverningDocument, links: dict | None = None, **fields
) -> GoverningDocument:
    """Change the current version's metadata and links (not its file: upload a new version)."""
    document = _locked(document)
    policy.require(actor, policy.CHANGE, document)
    for name in FIELDS:
        if name in fields:
            setattr(document, name, fields[name])
    kommun_ids = document.kommun_ids()
    _check_owner(document)
    _check_decision(actor, document, kommun_ids)
    if links is not None:
        _check_links(actor, links, kommun_ids)
    return _save(document, actor, links)


@transaction.atomic
def add_version(*, actor, document: GoverningDocument, file, **fields) -> GoverningDocument:
    """Upload a new version: it takes over the document's links, the old one is superseded.

    ``fields`` (decision, dates ...) describe the new version; what is not given
    is copied from the previous one, except the dates of the old decision.
    """
    previous = _locked(document)
    policy.require(actor, policy.CHANGE, previous)
    new = GoverningDocument(
        kommun_id=previous.kommun_id,
        samverkan_id=previous.samverkan_id,
        series=previous.series,
        version=previous.version + 1,
        created_by=actor,
    )
    for name in ("kind", "title", "description", "owner"):
        setattr(new, name, getattr(previous, name))
    for name in FIELDS:
        if name in fields:
            setattr(new, name, fields[name])
    kommun_ids = new.kommun_ids()
    _check_owner(new)
    _check_decision(actor, new, kommun_ids)
    _store_file(new, file)
    links = {name: list(getattr(previous, name).all()) for name in LINKS}
    _save(new, actor, links)
    previous.superseded_by = new
    previous.superseded_at = timezone.now()
    previous._history_user = actor
    previous.save(update_fields=["superseded_by", "superseded_at"])
    return new
