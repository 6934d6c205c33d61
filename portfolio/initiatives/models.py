"""The initiative register: initiatives with goals, benefits, costs, financing, risks.

Glossary: Initiative -> initiativ, StrategicGoal -> strategiskt mål,
BenefitLine -> nyttokalkylrad, BenefitRealisation -> nyttorealisering,
InitiativeCost -> kostnad, FinancingLine -> finansiering, Risk -> risk,
InitiativeSystem -> påverkat system, StatusReport -> statusrapport,
InitiativeStatusChange -> statusövergång.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portfolio.choices import (
    BenefitKind,
    CollaborationType,
    CostNature,
    FinancingSource,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Rag,
    SystemRelation,
    Verksamhetsomrade,
)
from portfolio.organisation.models import Forvaltning, Kommun
from portfolio.registers.models import POSITIVE, YEAR, System

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class StrategicGoal(models.Model):
    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(_("mål"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktivt"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kommun", "order", "name"]
        verbose_name = _("strategiskt mål")
        verbose_name_plural = _("strategiska mål")
        constraints = [models.UniqueConstraint(fields=["kommun", "name"], name="uniq_goal_name")]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("kommun (värdkommun vid samverkan)"),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivning"))
    need = models.TextField(_("behov"), blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=InitiativeKind.choices)
    area = models.CharField(
        _("verksamhetsområde"), max_length=30, choices=Verksamhetsomrade.choices
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("ägande förvaltning"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_initiatives",
        verbose_name=_("kontaktperson"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.IDE,
    )
    goals = models.ManyToManyField(
        StrategicGoal, blank=True, related_name="initiatives", verbose_name=_("strategiska mål")
    )
    participants = models.ManyToManyField(
        Kommun,
        blank=True,
        related_name="shared_initiatives",
        verbose_name=_("deltagande kommuner"),
        help_text=_("Andra kommuner som deltar. Ett delat initiativ syns för alla deltagare."),
    )
    collaboration_type = models.CharField(
        _("samverkansform"), max_length=30, choices=CollaborationType.choices, blank=True
    )
    alternatives = models.TextField(
        _("alternativ"),
        blank=True,
        help_text=_("Inklusive att inte göra något och att inte samverka."),
    )
    dependencies = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("beroenden"),
    )
    decision_reference = models.CharField(
        _("beslutsreferens"),
        max_length=200,
        blank=True,
        help_text=_(
            'Beslutet som initiativet bygger på, t.ex. "Kommunstyrelsen 2026-03-04 § 45". '
            "Fylls i automatiskt när IT-styrgruppens beslut justeras."
        ),
    )
    start_date = models.DateField(_("planerad start"), null=True, blank=True)
    end_date = models.DateField(_("planerat slut"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_initiatives",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[goals, participants])

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativ")
        indexes = [models.Index(fields=["kommun", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative_detail", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.participants.exists()

    def clean(self) -> None:
        errors = {}
        if self.forvaltning_id and self.kommun_id and self.forvaltning.kommun_id != self.kommun_id:
            errors["forvaltning"] = _("Förvaltningen måste höra till initiativets kommun.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatum kan inte ligga före startdatum.")
        if errors:
            raise ValidationError(errors)


class InitiativeStatusChange(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("från"), max_length=20, choices=InitiativeStatus.choices)
    to_status = models.CharField(_("till"), max_length=20, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("utförd av")
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statusövergång")
        verbose_name_plural = _("statusövergångar")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"


class BenefitLine(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("nyttotyp"), max_length=20, choices=BenefitKind.choices)
    description = models.CharField(_("beskrivning"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("nyttoägare"),
    )
    yearly_value = models.DecimalField(
        _("uppskattat värde per år"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("Kronor eller timmar. Tomt för kvalitativ nytta."),
    )
    first_year = models.PositiveSmallIntegerField(_("från år"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("till år"), validators=YEAR)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "pk"]
        verbose_name = _("nyttokalkylrad")
        verbose_name_plural = _("nyttokalkyl")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        errors = {}
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("Slutåret kan inte ligga före startåret.")
        if self.kind in (BenefitKind.KRONOR, BenefitKind.TIMMAR) and self.yearly_value is None:
            errors["yearly_value"] = _("Ange ett värde för nytta i kronor eller timmar.")
        if errors:
            raise ValidationError(errors)

    def planned_for(self, year: int):
        if self.yearly_value is None or not (self.first_year <= year <= self.last_year):
            return 0
        return self.yearly_value


class BenefitRealisation(models.Model):
    benefit = models.ForeignKey(BenefitLine, on_delete=models.CASCADE, related_name="realisations")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    value = models.DecimalField(
        _("realiserat värde"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["benefit", "year"]
        verbose_name = _("nyttorealisering")
        verbose_name_plural = _("nyttorealisering")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "year"], name="uniq_benefit_realisation")
        ]

    def __str__(self) -> str:
        return f"{self.benefit} {self.year}"


class InitiativeCost(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    kind = models.CharField(_("kostnadstyp"), max_length=20, choices=InitiativeCostKind.choices)
    nature = models.CharField(_("drift/utveckling"), max_length=20, choices=CostNature.choices)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "year", "kind"]
        verbose_name = _("initiativkostnad")
        verbose_name_plural = _("initiativkostnader")

    def __str__(self) -> str:
        return f"{self.initiative} {self.year} {self.get_kind_display()}"


class FinancingLine(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="financing")
    source = models.CharField(
        _("finansieringskälla"), max_length=20, choices=FinancingSource.choices
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    used = models.DecimalField(
        _("förbrukat (kr)"), max_digits=14, decimal_places=2, default=0, validators=POSITIVE
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "year", "source"]
        verbose_name = _("finansiering")
        verbose_name_plural = _("finansiering")

    def __str__(self) -> str:
        return f"{self.initiative} {self.year} {self.get_source_display()}"


class Risk(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("risk"), max_length=300)
    probability = models.PositiveSmallIntegerField(_("sannolikhet (1–5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("konsekvens (1–5)"), validators=ONE_TO_FIVE)
    mitigation = models.CharField(_("åtgärd"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risker")

    def __str__(self) -> str:
        return self.description

    @property
    def score(self) -> int:
        return self.probability * self.impact


class InitiativeSystem(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="affected_systems"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="initiative_links")
    relation = models.CharField(_("påverkan"), max_length=20, choices=SystemRelation.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("påverkat system")
        verbose_name_plural = _("påverkade system")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "system", "relation"], name="uniq_initiative_system"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.get_relation_display()} {self.system}"


class StatusReport(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_reports"
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    rag = models.CharField(_("status"), max_length=10, choices=Rag.choices)
    comment = models.TextField(_("kommentar"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        get_latest_by = ["date", "pk"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")

    def __str__(self) -> str:
        return f"{self.initiative} {self.date} {self.get_rag_display()}"


class InitiativeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Initiative, on_delete=models.CASCADE)


class InitiativeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Initiative, on_delete=models.CASCADE)
