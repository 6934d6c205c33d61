"""Demo styrdokument for Lysekil, SML-IT and Sollentuna (issue 17).

Lysekil has an IT-strategi in two versions (2020 superseded by 2024, decided
by KF), an informationssäkerhetspolicy (KS) whose revision is due within the
reminder window, and arkitekturprinciper decided by the IT-styrgrupp's §;
SML-IT has an IT-handbok for its member kommuner; Sollentuna an IT-strategi
and a riktlinje for digital signering. Each file is a tiny generated PDF
(``pdf.tiny_pdf``), no network and no WeasyPrint. Idempotent: a kommun or
samverkan that already has styrdokument is left as it is.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.choices import CouncilKind
from governance.councils.demo import demo_user
from governance.documents.models import DecidedBy, DocumentKind, GoverningDocument
from governance.documents.pdf import tiny_pdf
from governance.models import Decision
from portfolio.models import Initiative, Samverkansorganisation, StrategicGoal, System
from portfolio.organisation.demo import kommun

# (kind, title, owner, decided by, decision text, decided, valid until, revision in days,
#  links: goals, systems, initiatives taken from the kommun (how many of each))
LYSEKIL = [
    (
        DocumentKind.INFOSAK,
        "Informationssäkerhetspolicy",
        "strateg.lysekil",
        DecidedBy.KS,
        "KS 2023-05-10 § 88",
        datetime.date(2023, 5, 10),
        None,
        40,
        (0, 3, 0),
    ),
    (
        DocumentKind.IT_HANDBOK,
        "IT-handbok för systemägare",
        "sa.lysekil",
        DecidedBy.KOMMUNDIREKTOR,
        "Kommundirektörens beslut 2025-02-03",
        datetime.date(2025, 2, 3),
        None,
        300,
        (0, 2, 0),
    ),
]
SOLLENTUNA = [
    (
        DocumentKind.IT_STRATEGI,
        "Strategi för digital utveckling 2025–2028",
        "strateg.sollentuna",
        DecidedBy.KF,
        "KF 2025-01-30 § 7",
        datetime.date(2025, 1, 30),
        datetime.date(2028, 12, 31),
        700,
        (3, 0, 3),
    ),
    (
        DocumentKind.RIKTLINJE,
        "Riktlinje för digital signering",
        "strateg.sollentuna",
        DecidedBy.KS,
        "KS 2025-09-17 § 142",
        datetime.date(2025, 9, 17),
        None,
        240,
        (0, 2, 1),
    ),
]


def _pdf(title: str, owner: str, decided: str) -> ContentFile:
    content = tiny_pdf(title, owner, decided, "Demodokument i IT-portalen.")
    return ContentFile(content, name="styrdokument.pdf")


def _document(owner_kwargs, spec, *, series=None, version=1, decision=None):
    kind, title, username, decided_by, text, decided, valid_until, revision, counts = spec
    owner = demo_user(username)
    where = owner_kwargs.get("kommun") or owner_kwargs["samverkan"]
    document = GoverningDocument(
        **owner_kwargs,
        kind=kind,
        title=title,
        owner=owner,
        decided_by=decided_by,
        decision=decision,
        decision_text=text,
        decision_date=decided,
        valid_until=valid_until,
        revision_date=timezone.localdate() + datetime.timedelta(days=revision)
        if revision
        else None,
        version=version,
        created_by=owner,
        file_name=f"{title}.pdf",
    )
    if series is not None:
        document.series = series
    pdf = _pdf(title, where.name, text)
    document.file_size = pdf.size
    document.file.save(document.file_name, pdf, save=False)
    document.save()
    kommun_ids = document.kommun_ids()
    goals, systems, initiatives = counts
    if goals:
        document.goals.set(StrategicGoal.objects.filter(kommun__in=kommun_ids)[:goals])
    if systems:
        document.systems.set(
            System.objects.filter(kommun__in=kommun_ids).order_by("name")[:systems]
        )
    if initiatives:
        document.initiatives.set(
            Initiative.objects.filter(kommun__in=kommun_ids).order_by("title")[:initiatives]
        )
    return document


def _lysekil_strategy(k) -> None:
    """IT-strategi 2020–2023, superseded by the one for 2024–2027 (both KF)."""
    old = _document(
        {"kommun": k},
        (
            DocumentKind.IT_STRATEGI,
            "IT-strategi för Lysekils kommun",
            "strateg.lysekil",
            DecidedBy.KF,
            "KF 2020-02-20 § 15",
            datetime.date(2020, 2, 20),
            datetime.date(2023, 12, 31),
            None,
            (0, 0, 0),
        ),
    )
    new = _document(
        {"kommun": k},
        (
            DocumentKind.IT_STRATEGI,
            "IT-strategi för Lysekils kommun",
            "strateg.lysekil",
            DecidedBy.KF,
            "KF 2024-03-14 § 31",
            datetime.date(2024, 3, 14),
            datetime.date(2027, 12, 31),
            400,
            (3, 2, 3),
        ),
        series=old.series,
        version=2,
    )
    GoverningDocument.objects.filter(pk=old.pk).update(
        superseded_by=new, superseded_at=timezone.now()
    )


def seed_documents() -> None:
    lysekil = kommun("Lysekil")
    if not GoverningDocument.objects.filter(kommun=lysekil).exists():
        _lysekil_strategy(lysekil)
        for spec in LYSEKIL:
            _document({"kommun": lysekil}, spec)
        decision = (
            Decision.objects.filter(kommun=lysekil, council__kind=CouncilKind.IT_STYRGRUPP)
            .order_by("-decision_date")
            .first()
        )
        _document(
            {"kommun": lysekil},
            (
                DocumentKind.ARKITEKTUR,
                "Arkitekturprinciper",
                "strateg.lysekil",
                DecidedBy.RAD,
                "",
                decision.decision_date if decision else datetime.date(2025, 6, 1),
                None,
                500,
                (1, 3, 1),
            ),
            decision=decision,
        )
    sml = Samverkansorganisation.objects.filter(name="SML-IT").first()
    if sml is not None and not GoverningDocument.objects.filter(samverkan=sml).exists():
        _document(
            {"samverkan": sml},
            (
                DocumentKind.RIKTLINJE,
                "Riktlinje för gemensam IT-drift inom SML-IT",
                "strateg.sml",
                DecidedBy.ANNAT,
                "SML-IT:s ledningsgrupp 2025-04-08",
                datetime.date(2025, 4, 8),
                None,
                365,
                (0, 0, 0),
            ),
        )
    sollentuna = kommun("Sollentuna")
    if not GoverningDocument.objects.filter(kommun=sollentuna).exists():
        for spec in SOLLENTUNA:
            _document({"kommun": sollentuna}, spec)
