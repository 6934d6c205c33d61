"""IT-plans per nämnd (seed 002): a three-year plan per förvaltning and year.

Glossary: ITPlan -> IT-plan (one förvaltning, one year, one version),
ITPlanInitiative -> initiativ i planen, ITPlanSystem -> systemförändring
(upphandla, ersätta, uppgradera, avveckla), ITPlanCost -> kostnad per år
(utveckling/drift). ``ITPlan.year`` is the first year of the horizon; the plan
covers ``year`` … ``year + 2``. The kommunledningskontor's plan covers the
kommungemensamma systems and the technical platform.

Once submitted (inlämnad) a plan is frozen: its lines refuse every change at
the model level (``FrozenPlanGuard``) and the policy refuses CHANGE; a new
version (``start_new_version``) is the way to revise it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.choices import ITPlanStatus, SystemChange
from governance.councils.models import User
from governance.meetings.models import Decision
from portfolio.choices import CostNature, ForvaltningKind, Lifecycle
from portfolio.models import Forvaltning, Initiative, Kommun, System
from portfolio.registers.models import YEAR

#: years a plan covers: its own year and the two after (seed 002: "en treårsperiod")
HORIZON_YEARS = 3
#: the förvaltningar that write an IT-plan: those under a nämnd (not bolag or förbund)
PLANNING_KINDS = (ForvaltningKind.KOMMUNLEDNINGSKONTOR, ForvaltningKind.FORVALTNING)

FROZEN_MESSAGE = _(
    "IT-planen är inlämnad och kan inte ändras. Starta en ny version för att revidera den."
)
NOT_NEGATIVE = [MinValueValidator(0, message=_("Beloppet kan inte vara negativt."))]


class ITPlan(models.Model):
    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, related_name="it_plans", verbose_name=_("kommun")
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        related_name="it_plans",
        verbose_name=_("förvaltning"),
    )
    year = models.PositiveSmallIntegerField(
        _("planens första år"),
        validators=YEAR,
        help_text=_("Planen gäller detta år och de två följande."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ITPlanStatus.choices, default=ITPlanStatus.UTKAST
    )
    contact = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="it_plans",
        verbose_name=_("kontaktperson"),
        help_text=_("Förvaltningens kontaktperson, som skriver planen."),
    )
    summary = models.TextField(
        _("IT-utvecklingen i verksamheten"),
        blank=True,
        help_text=_("Hur IT ska användas och utvecklas under perioden, i linje med IT-strategin."),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="it_plans",
        verbose_name=_("IT-styrgruppens beslut"),
    )
    treated_at = models.DateTimeField(_("behandlad"), null=True, blank=True)
    treated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IT-plan")
        verbose_name_plural = _("IT-planer")
        ordering = ["-year", "forvaltning__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["forvaltning", "year", "version"], name="uniq_it_plan_version"
            )
        ]

    def __str__(self) -> str:
        name = self.forvaltning.name if self.forvaltning_id else ""
        text = f"IT-plan {self.period} {name}"
        return f"{text} v{self.version}" if self.version > 1 else text

    def get_absolute_url(self) -> str:
        return reverse("governance:itplan_detail", args=[self.pk])

    @property
    def horizon(self) -> list[int]:
        return list(range(self.year, self.year + HORIZON_YEARS))

    @property
    def last_year(self) -> int:
        return self.year + HORIZON_YEARS - 1

    @property
    def period(self) -> str:
        return f"{self.year}–{self.last_year}"

    @property
    def is_frozen(self) -> bool:
        return self.status != ITPlanStatus.UTKAST

    @property
    def covers_common_systems(self) -> bool:
        """The kommunledningskontor's plan: kommungemensamma systems and the platform."""
        return self.forvaltning.kind == ForvaltningKind.KOMMUNLEDNINGSKONTOR

    def clean(self) -> None:
        if self.forvaltning_id and self.kommun_id and self.forvaltning.kommun_id != self.kommun_id:
            raise ValidationError({"forvaltning": _("Förvaltningen måste höra till kommunen.")})
        if self.forvaltning_id and self.forvaltning.kind not in PLANNING_KINDS:
            raise ValidationError(
                {
                    "forvaltning": _(
                        "IT-planer skrivs av förvaltningarna under nämnderna och "
                        "kommunledningskontoret, inte av bolag eller förbund."
                    )
                }
            )

    def check_year(self, year, field: str = "year") -> None:
        """A line's year must lie within the plan's three years."""
        if year is not None and year not in self.horizon:
            raise ValidationError(
                {
                    field: _("Året måste ligga inom planens period %(period)s.")
                    % {"period": self.period}
                }
            )


class FrozenPlanGuard(models.Model):
    """A line of a submitted plan refuses save and delete (judged on the stored plan).

    ``year_field`` names the line's year, which must lie within the plan's period.
    """

    year_field = "year"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._plan_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._plan_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.plan_id:
            self.plan.check_year(getattr(self, self.year_field), self.year_field)

    def _plan_frozen(self) -> bool:
        return ITPlan.objects.filter(pk=self.plan_id).exclude(status=ITPlanStatus.UTKAST).exists()


class ITPlanInitiative(FrozenPlanGuard):
    """An initiative the förvaltning intends to run, from the initiative register."""

    plan = models.ForeignKey(ITPlan, on_delete=models.CASCADE, related_name="initiative_lines")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="it_plan_lines",
        verbose_name=_("initiativ"),
    )
    start_year = models.PositiveSmallIntegerField(_("planerad start (år)"), validators=YEAR)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    year_field = "start_year"

    class Meta:
        verbose_name = _("initiativ i IT-plan")
        verbose_name_plural = _("initiativ i IT-plan")
        ordering = ["plan", "start_year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "initiative"], name="uniq_it_plan_initiative")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.start_year})"


#: the lifecycle phases each kind of change may lead a system to
TARGET_LIFECYCLES = {
    SystemChange.UPPHANDLA: (Lifecycle.PLANERAD, Lifecycle.INFORANDE, Lifecycle.I_DRIFT),
    SystemChange.UPPGRADERA: (Lifecycle.INFORANDE, Lifecycle.I_DRIFT),
    SystemChange.ERSATTA: (Lifecycle.UNDER_AVVECKLING, Lifecycle.AVVECKLAD, Lifecycle.ARKIV),
    SystemChange.AVVECKLA: (Lifecycle.UNDER_AVVECKLING, Lifecycle.AVVECKLAD, Lifecycle.ARKIV),
}


class ITPlanSystem(FrozenPlanGuard):
    """A system to procure, replace, upgrade or retire, with the intended lifecycle change."""

    plan = models.ForeignKey(ITPlan, on_delete=models.CASCADE, related_name="system_lines")
    change = models.CharField(_("förändring"), max_length=20, choices=SystemChange.choices)
    system = models.ForeignKey(
        System,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="it_plan_lines",
        verbose_name=_("system i systemregistret"),
        help_text=_("Tomt för ett nytt system som inte finns i registret än."),
    )
    name = models.CharField(
        _("nytt system"),
        max_length=200,
        blank=True,
        help_text=_("Det nya systemet (vid upphandling, eller det som ersätter ett befintligt)."),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    target_lifecycle = models.CharField(
        _("ny livscykelfas"),
        max_length=20,
        choices=Lifecycle.choices,
        help_text=_(
            "Fasen systemet i registret ska nå under året (för ett nytt system: dess fas)."
        ),
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("systemförändring i IT-plan")
        verbose_name_plural = _("systemförändringar i IT-plan")
        ordering = ["plan", "year", "pk"]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.system or self.name} ({self.year})"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.change in (SystemChange.ERSATTA, SystemChange.UPPGRADERA, SystemChange.AVVECKLA):
            if not self.system_id:
                errors["system"] = _("Välj systemet i systemregistret.")
        elif not (self.system_id or self.name.strip()):
            errors["name"] = _("Ange det nya systemets namn eller välj det i systemregistret.")
        if self.change == SystemChange.ERSATTA and not self.name.strip():
            errors["name"] = _("Ange vad som ersätter systemet.")
        allowed = TARGET_LIFECYCLES.get(self.change, ())
        if self.change and self.target_lifecycle and self.target_lifecycle not in allowed:
            errors["target_lifecycle"] = _("%(change)s kan inte leda till fasen %(phase)s.") % {
                "change": SystemChange(self.change).label,
                "phase": Lifecycle(self.target_lifecycle).label,
            }
        if errors:
            raise ValidationError(errors)


class ITPlanCost(FrozenPlanGuard):
    """An estimated cost in one of the plan's years, utveckling or drift (kronor)."""

    plan = models.ForeignKey(ITPlan, on_delete=models.CASCADE, related_name="cost_lines")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    nature = models.CharField(_("utveckling/drift"), max_length=20, choices=CostNature.choices)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE
    )
    description = models.CharField(_("avser"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnad i IT-plan")
        verbose_name_plural = _("kostnader i IT-plan")
        ordering = ["plan", "year", "nature", "pk"]

    def __str__(self) -> str:
        return f"{self.description} {self.year} ({self.get_nature_display()})"
