"""Styrdokument: the governing documents of a kommun or samverkan (issue 17).

Glossary: GoverningDocument -> styrdokument (one row per version),
DocumentKind -> dokumenttyp (IT-strategi, IT-plan, informationssäkerhetspolicy,
arkitekturprinciper, IT-handbok, riktlinje, annat), DecidedBy -> beslutat av
(KF, KS, kommundirektör, ett råd §, annat).

Every version is its own row; the versions of one document share ``series``
and count ``version`` up. Uploading a new version (``services.add_version``)
marks the previous one ``superseded_by`` the new one: it stays readable and
downloadable, listed as "Ersatt av …", but nobody changes it any more.
The file is a PDF stored under MEDIA_ROOT and served only through the
permission-checked download view.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.meetings.models import Decision
from portfolio.models import Initiative, Kommun, Samverkansorganisation, StrategicGoal, System

User = settings.AUTH_USER_MODEL


class DocumentKind(models.TextChoices):
    IT_STRATEGI = "it_strategi", _("IT-strategi")
    IT_PLAN = "it_plan", _("IT-plan")
    INFOSAK = "informationssakerhetspolicy", _("Informationssäkerhetspolicy")
    ARKITEKTUR = "arkitekturprinciper", _("Arkitekturprinciper")
    IT_HANDBOK = "it_handbok", _("IT-handbok")
    RIKTLINJE = "riktlinje", _("Riktlinje")
    ANNAT = "annat", _("Annat")


class DecidedBy(models.TextChoices):
    KF = "kf", _("Kommunfullmäktige")
    KS = "ks", _("Kommunstyrelsen")
    KOMMUNDIREKTOR = "kommundirektor", _("Kommundirektör")
    RAD = "rad", _("Råd eller nämnd (§)")
    ANNAT = "annat", _("Annat")


def document_path(instance, filename: str) -> str:
    """Stored under a random name: the user's file name is only metadata."""
    return f"styrdokument/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"


class GoverningDocument(models.Model):
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_documents",
        verbose_name=_("kommun"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_documents",
        verbose_name=_("samverkansorganisation"),
    )
    kind = models.CharField(_("dokumenttyp"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="governing_documents",
        verbose_name=_("dokumentägare"),
        help_text=_("Ansvarar för att dokumentet revideras och får en påminnelse före revisionen."),
    )
    decided_by = models.CharField(
        _("beslutat av"), max_length=20, choices=DecidedBy.choices, blank=True
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_documents",
        verbose_name=_("beslut (§)"),
        help_text=_("Rådets paragraf, om dokumentet beslutades i ett råd i portalen."),
    )
    decision_text = models.CharField(
        _("beslutsreferens"),
        max_length=200,
        blank=True,
        help_text=_('T.ex. "KF 2026-03-12 § 45".'),
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    revision_date = models.DateField(_("nästa revision"), null=True, blank=True)
    file = models.FileField(_("fil (PDF)"), upload_to=document_path, max_length=200)
    file_name = models.CharField(_("filnamn"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("filstorlek"), default=0)
    goals = models.ManyToManyField(
        StrategicGoal,
        blank=True,
        related_name="governing_documents",
        verbose_name=_("strategiska mål"),
    )
    systems = models.ManyToManyField(
        System, blank=True, related_name="governing_documents", verbose_name=_("system")
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="governing_documents", verbose_name=_("initiativ")
    )
    series = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("ersatt av"),
    )
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[goals, systems, initiatives])

    class Meta:
        verbose_name = _("styrdokument")
        verbose_name_plural = _("styrdokument")
        ordering = ["title", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kommun__isnull=False) & Q(samverkan__isnull=True))
                | (Q(kommun__isnull=True) & Q(samverkan__isnull=False)),
                name="governing_document_one_owner",
            ),
            models.UniqueConstraint(fields=["series", "version"], name="uniq_document_version"),
        ]
        indexes = [models.Index(fields=["revision_date"])]

    history_kommun = ("kommun", "samverkan__host")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}" if self.version > 1 else self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:document_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return str(self.kommun or self.samverkan)

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def decided_by_label(self) -> str:
        """Who decided, as one line: "Kommunfullmäktige, KF 2026-03-12 § 45"."""
        parts = [self.get_decided_by_display()] if self.decided_by else []
        if self.decision_id:
            parts.append(self.decision.reference)
        if self.decision_text:
            parts.append(self.decision_text)
        return ", ".join(parts)

    def kommun_ids(self) -> set[int]:
        """The kommuner the document governs (the samverkan's members and host)."""
        if self.kommun_id:
            return {self.kommun_id}
        if self.samverkan_id:
            s = self.samverkan
            return {m.pk for m in s.members.all()} | {s.host_id}
        return set()

    def clean(self) -> None:
        errors = {}
        if bool(self.kommun_id) == bool(self.samverkan_id):
            errors["kommun"] = _(
                "Välj antingen en kommun eller en samverkansorganisation, inte båda."
            )
        if self.valid_until and self.decision_date and self.valid_until < self.decision_date:
            errors["valid_until"] = _("Giltighetstiden kan inte sluta före beslutsdatumet.")
        if self.revision_date and self.decision_date and self.revision_date < self.decision_date:
            errors["revision_date"] = _("Revisionen kan inte ligga före beslutsdatumet.")
        if errors:
            raise ValidationError(errors)
