"""Ärenden: cases brought to the councils, and their event log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.choices import (
    AckParty,
    CaseEventKind,
    CaseKind,
    CaseStatus,
)
from governance.councils.models import Council, User
from portfolio.models import Forvaltning, Initiative, Kommun, System


class Case(models.Model):
    """An ärende: a request to buy or change a system, for co-financing, or another matter."""

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("löpnummer"))
    kind = models.CharField(_("typ av ärende"), max_length=20, choices=CaseKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning av behovet"))
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("förvaltning"),
    )
    applicant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="cases", verbose_name=_("anmälare")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("initiativ"),
    )
    systems = models.ManyToManyField(
        System, blank=True, related_name="cases", verbose_name=_("berörda system")
    )
    cost_estimate = models.DecimalField(
        _("kostnadsuppskattning (kr)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    financing = models.TextField(_("finansiering"), blank=True)
    status = models.CharField(
        _("steg"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ANMALAN
    )
    is_secret = models.BooleanField(
        _("omfattas av sekretess"),
        default=False,
        help_text=_("Beslut i ärendet visas inte på den öppna beslutssidan."),
    )
    # Step 1: samråd with the IT-strateg
    consulted_at = models.DateTimeField(_("samråd"), null=True, blank=True)
    consulted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consultation_comment = models.TextField(_("kommentar vid samråd"), blank=True)
    # Step 2: beredning
    remiss_council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remiss_cases",
        verbose_name=_("remissinstans"),
    )
    opinion = models.TextField(_("yttrande"), blank=True)
    opinion_at = models.DateTimeField(_("yttrande lämnat"), null=True, blank=True)
    opinion_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    anchored_in_ledningsgrupp = models.BooleanField(_("förankrat i ledningsgruppen"), default=False)
    urgent = models.BooleanField(_("brådskande"), default=False)
    urgent_reason = models.TextField(_("skäl för brådskande beslut"), blank=True)
    # Step 4: upphandling
    procurement_notified_at = models.DateTimeField(_("underrättade"), null=True, blank=True)
    procurement_ack_at = models.DateTimeField(
        _("kvitterat av upphandlingscenter"), null=True, blank=True
    )
    it_ack_at = models.DateTimeField(_("kvitterat av IT-enheten"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kommun", "year", "number"], name="uniq_case_number")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:case_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"IT {self.year}/{self.number}"

    @property
    def is_open(self) -> bool:
        from governance.choices import OPEN_CASE_STATUSES

        return self.status in OPEN_CASE_STATUSES

    @property
    def is_decidable(self) -> bool:
        """Beredning finished, or marked urgent with a reason (seed 004's guard)."""
        if self.status == CaseStatus.BEREDD:
            return True
        return (
            self.urgent
            and self.status in (CaseStatus.ANMALAN, CaseStatus.BEREDNING)
            and self.consulted_at is not None
        )

    def clean(self) -> None:
        if self.forvaltning_id and self.kommun_id and self.forvaltning.kommun_id != self.kommun_id:
            raise ValidationError({"forvaltning": _("Förvaltningen måste höra till kommunen.")})
        if self.initiative_id and self.kommun_id and self.initiative.kommun_id != self.kommun_id:
            raise ValidationError({"initiative": _("Initiativet måste höra till kommunen.")})


class CaseEvent(models.Model):
    """One step in an ärende's history: who, when, what, and a comment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("händelse"), max_length=20, choices=CaseEventKind.choices)
    from_status = models.CharField(_("från steg"), max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(_("till steg"), max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)
    party = models.CharField(_("part"), max_length=20, choices=AckParty.choices, blank=True)

    class Meta:
        verbose_name = _("händelse i ärende")
        verbose_name_plural = _("händelser i ärenden")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_kind_display()}"
