"""Prioritisation: criteria, gates (ska-krav), scores, overrides, budget, rounds.

Glossary: Criterion -> bedömningskriterium, Gate -> ska-krav,
GateConfirmation -> bekräftat ska-krav, Score -> poäng, Override -> manuell
omprioritering, BudgetLine -> budgetram (för budgetgränsen), Round ->
prioriteringsomgång. The maths lives in ``portfolio.prioritisation``; state
changes in ``portfolio.prioritisation_services``.

A criterion, gate, budget line and round belong to one *context*: a kommun or
a samverkansorganisation (shared rounds). Exactly one of the two is set.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.choices import FinancingSource
from portfolio.initiatives.models import Initiative
from portfolio.organisation.models import Kommun, Samverkansorganisation
from portfolio.registers.models import YEAR

SCALE_MAX = 5
ZERO_TO_FIVE = [MinValueValidator(0), MaxValueValidator(SCALE_MAX)]


class GateKind(models.TextChoices):
    COMPUTED = "computed", _("Beräknas från uppgifterna")
    MANUAL = "manual", _("Bekräftas manuellt")


class GateCode(models.TextChoices):
    NYTTOKALKYL_FINNS = "nyttokalkyl_finns", _("Nyttokalkyl finns")
    FINANSIERING_ANGIVEN = "finansiering_angiven", _("Finansiering angiven")
    KOSTNAD_ANGIVEN = "kostnad_angiven", _("Kostnad angiven")
    INFORMATIONSKLASSNING_GJORD = "informationsklassning_gjord", _("Informationsklassning gjord")
    MAL_KOPPLAT = "mal_kopplat", _("Kopplat till strategiskt mål")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    FROZEN = "frozen", _("Fryst")


BUDGET_ALL = "all"
BUDGET_SOURCE_CHOICES = [
    (BUDGET_ALL, _("Alla källor (öronmärkta medel)")),
    *FinancingSource.choices,
]


class ContextModel(models.Model):
    """Belongs to exactly one kommun or one samverkansorganisation."""

    kommun = models.ForeignKey(
        Kommun, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kommun")
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("samverkansorganisation"),
    )

    class Meta:
        abstract = True

    @property
    def context(self):
        return self.kommun or self.samverkan

    def clean(self) -> None:
        if bool(self.kommun_id) == bool(self.samverkan_id):
            raise ValidationError(_("Välj antingen en kommun eller en samverkansorganisation."))


class Criterion(ContextModel):
    name = models.CharField(_("namn"), max_length=150)
    description = models.TextField(_("beskrivning"), blank=True)
    weight = models.DecimalField(
        _("vikt"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("Relativ vikt, 0 eller mer. Vikt 0 räknas inte."),
    )
    higher_is_better = models.BooleanField(
        _("högt värde är bra"),
        default=True,
        help_text=_("Avmarkera för kostnad och risk: där ger ett högt värde lägre poäng."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktivt"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bedömningskriterium")
        verbose_name_plural = _("bedömningskriterier")

    def __str__(self) -> str:
        return self.name


class Gate(ContextModel):
    name = models.CharField(_("namn"), max_length=150)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=GateKind.choices)
    code = models.CharField(
        _("beräkning"),
        max_length=40,
        choices=GateCode.choices,
        blank=True,
        help_text=_("Krävs för beräknade ska-krav."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktivt"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ska-krav")
        verbose_name_plural = _("ska-krav")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == GateKind.COMPUTED and not self.code:
            raise ValidationError({"code": _("Ett beräknat ska-krav behöver en beräkning.")})
        if self.kind == GateKind.MANUAL and self.code:
            raise ValidationError({"code": _("Ett manuellt ska-krav har ingen beräkning.")})


class GateConfirmation(models.Model):
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="confirmations")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="gate_confirmations"
    )
    comment = models.TextField(_("kommentar"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("bekräftat av")
    )
    confirmed_at = models.DateTimeField(_("bekräftat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bekräftat ska-krav")
        verbose_name_plural = _("bekräftade ska-krav")
        constraints = [
            models.UniqueConstraint(fields=["gate", "initiative"], name="uniq_gate_confirmation")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.gate}"


class Score(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("poäng (0–5)"), validators=ZERO_TO_FIVE)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("bedömt av")
    )
    scored_at = models.DateTimeField(_("bedömt"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poäng")
        verbose_name_plural = _("poäng")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "criterion"], name="uniq_score")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.criterion}: {self.value}"


class Round(ContextModel):
    """A prioritisation round. Once frozen its snapshot is immutable.

    ``snapshot`` (written by ``prioritisation_services.freeze_round``) holds:
    ``context``, ``year``, ``source``/``source_label`` (budget source),
    ``criteria`` [{name, weight, higher_is_better}], ``gates`` [{name, kind}],
    ``ranking``/``failing``/``unscored``: lists of items {id, position,
    base_position, title, forvaltning_id, forvaltning, area, goals, score,
    complete, contributions [{criterion, value, points}], gates [{name,
    passed, reason}], cost_dev, cost_ops, cost, financing [[label, amount]],
    benefit_kr, max_risk, cumulative, above_line, has_estimate (False: no
    cost estimate for the year, never above the line), override {positions,
    justification, by, at} or null}, ``budget``, ``used``, ``remaining``,
    ``line_after`` (the cut line is drawn after this position) and ``load``.
    Amounts are decimal strings. Reports (handlingsplan) and governance
    (agenda items) read the snapshot, never the live ranking.
    """

    name = models.CharField(_("namn"), max_length=150)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    frozen_at = models.DateTimeField(_("fryst"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fryst av"),
    )
    snapshot = models.JSONField(_("ögonblicksbild"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("prioriteringsomgång")
        verbose_name_plural = _("prioriteringsomgångar")
        # One open round per context and year (a NULL kommun or samverkan never collides,
        # so each context column has its own constraint). ``services.create_round``
        # refuses first with a Swedish message; this holds under concurrency.
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "year"],
                condition=Q(status="open"),
                name="uniq_open_round_kommun_year",
            ),
            models.UniqueConstraint(
                fields=["samverkan", "year"],
                condition=Q(status="open"),
                name="uniq_open_round_samverkan_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self._stored_frozen():
            raise ValidationError(_("En fryst prioriteringsomgång kan inte ändras."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:prioritisation_round", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_frozen():
            raise ValidationError(_("En fryst prioriteringsomgång kan inte tas bort."))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status == RoundStatus.FROZEN

    def _stored_frozen(self) -> bool:
        if not self.pk:
            return False
        return Round.objects.filter(pk=self.pk, status=RoundStatus.FROZEN).exists()


class Override(ContextModel):
    """A manual move of one initiative up (positive) or down (negative) in a ranking.

    The newest override per initiative, context and year is the one in force;
    older ones stay as the log.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="overrides")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("omgång")
    )
    positions = models.SmallIntegerField(
        _("antal placeringar"), help_text=_("Positivt flyttar upp, negativt flyttar ned.")
    )
    justification = models.TextField(_("motivering"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("ändrat av")
    )
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("manuell omprioritering")
        verbose_name_plural = _("manuella omprioriteringar")

    def __str__(self) -> str:
        return f"{self.initiative} {self.positions:+d}"

    def clean(self) -> None:
        super().clean()
        if not (self.justification or "").strip():
            raise ValidationError({"justification": _("En motivering krävs.")})


class BudgetLine(ContextModel):
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    source = models.CharField(
        _("finansieringskälla"), max_length=20, choices=BUDGET_SOURCE_CHOICES, default=BUDGET_ALL
    )
    amount = models.DecimalField(
        _("tillgängligt belopp (kr)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("budgetram")
        verbose_name_plural = _("budgetramar")
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "samverkan", "year", "source"], name="uniq_budget_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}"
