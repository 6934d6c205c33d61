"""The multi-year IT budget (seed 004): versions, budget lines and outcome.

Glossary: BudgetVersion -> budgetversion (a kommun's or a samverkan's IT
budget for 3–4 years, förslag → beslutad), ITBudgetLine -> budgetrad (one
year, investering or drift, financing source, owner, amount), BudgetOutcome
-> utfall (what the ekonomisystem booked in a year on a line key).

A decided (beslutad) version is frozen: the version and its lines refuse every
change at the model level (``save``/``delete``), the policy refuses CHANGE and
the services refuse too. A new version is started by copying
(``services.copy_version``). The decision reference (a § such as
"Finansieringsgruppen 2026 § 4" or a delegationsbeslut text) is kept on the
version.

Lines and outcome meet on the **line key** (radnyckel, e.g. the ekonomisystem's
project or account code): the same key in every year and version, so outcome
entered or imported once survives a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.choices import BudgetKind, BudgetOwner, BudgetStatus, FinancingSource
from portfolio.organisation.models import Forvaltning, Samverkansorganisation
from portfolio.prioritisation.models import ContextModel
from portfolio.registers.models import YEAR

#: how many years a version may cover (seed 004: "de kommande 3–4 årens")
HORIZON_CHOICES = [(3, _("3 år")), (4, _("4 år"))]

FROZEN_MESSAGE = _(
    "Budgetversionen är beslutad och kan inte ändras. Kopiera den till en ny version för att ändra."
)
NOT_NEGATIVE = [MinValueValidator(0, message=_("Beloppet kan inte vara negativt."))]


def normalise_key(value: str) -> str:
    """A line key as stored: trimmed, upper case (the ekonomisystem's codes)."""
    return (value or "").strip().upper()


class BudgetVersion(ContextModel):
    first_year = models.PositiveSmallIntegerField(_("första år"), validators=YEAR)
    years = models.PositiveSmallIntegerField(
        _("antal år"), choices=HORIZON_CHOICES, default=3, help_text=_("3 eller 4 år framåt.")
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("benämning"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BudgetStatus.choices, default=BudgetStatus.FORSLAG
    )
    decision_reference = models.CharField(
        _("beslutsreferens"),
        max_length=200,
        blank=True,
        help_text=_("Paragrafen eller delegationsbeslutet som beslutade budgeten."),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopierad från"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IT-budget")
        verbose_name_plural = _("IT-budgetar")
        ordering = ["-first_year", "-number", "-pk"]

    history_kommun = ("kommun", "samverkan__host")

    def __str__(self) -> str:
        text = f"IT-budget {self.period} {self.context or ''}".strip()
        return f"{text} v{self.number}" if self.number > 1 else text

    def save(self, *args, **kwargs):
        if self._stored_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        return super().delete(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:budget_detail", args=[self.pk])

    @property
    def horizon(self) -> list[int]:
        return list(range(self.first_year, self.first_year + (self.years or 3)))

    @property
    def last_year(self) -> int:
        return self.first_year + (self.years or 3) - 1

    @property
    def period(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    @property
    def is_frozen(self) -> bool:
        return self.status == BudgetStatus.BESLUTAD

    def kommun_ids(self) -> list[int]:
        if self.kommun_id:
            return [self.kommun_id]
        s = self.samverkan
        return [s.host_id, *s.members.values_list("pk", flat=True)]

    def check_year(self, year, field: str = "year") -> None:
        """A line's year must lie within the version's horizon."""
        if year is not None and year not in self.horizon:
            raise ValidationError(
                {
                    field: _("Året måste ligga inom budgetens period %(period)s.")
                    % {"period": self.period}
                }
            )

    def _stored_frozen(self) -> bool:
        return (
            self.pk is not None
            and BudgetVersion.objects.filter(pk=self.pk, status=BudgetStatus.BESLUTAD).exists()
        )


class ITBudgetLine(models.Model):
    """One year's amount of one budget post: investering or drift, source and owner."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    key = models.CharField(
        _("radnyckel"),
        max_length=40,
        help_text=_(
            "Kod för raden, t.ex. projekt- eller kontokoden i ekonomisystemet. Utfallet "
            "kopplas till raden med samma nyckel."
        ),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    kind = models.CharField(_("investering/drift"), max_length=20, choices=BudgetKind.choices)
    source = models.CharField(
        _("finansieringskälla"), max_length=20, choices=FinancingSource.choices
    )
    owner = models.CharField(
        _("ägare"), max_length=20, choices=BudgetOwner.choices, default=BudgetOwner.IT_ENHET
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="it_budget_lines",
        verbose_name=_("ägande förvaltning"),
    )
    owner_samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="it_budget_lines",
        verbose_name=_("ägande samverkan"),
    )
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE
    )
    description = models.CharField(_("avser"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["version", "key", "year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key", "year"], name="uniq_it_budget_line_key_year"
            )
        ]

    history_kommun = ("version__kommun", "version__samverkan__host")

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.description}"

    def save(self, *args, **kwargs):
        if self._version_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version_frozen():
            raise ValidationError(FROZEN_MESSAGE, code="frozen")
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        self.key = normalise_key(self.key)
        errors = {}
        if not self.key:
            errors["key"] = _("Ange radnyckeln.")
        if self.version_id:
            try:
                self.version.check_year(self.year)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.owner == BudgetOwner.FORVALTNING:
            if not self.forvaltning_id:
                errors["forvaltning"] = _("Välj den förvaltning som äger raden.")
            elif self.version_id and self.forvaltning.kommun_id not in self.version.kommun_ids():
                errors["forvaltning"] = _("Förvaltningen hör inte till budgetens kommun.")
        if self.owner == BudgetOwner.SAMVERKAN and not self.owner_samverkan_id:
            errors["owner_samverkan"] = _("Välj den samverkan som äger raden.")
        if errors:
            raise ValidationError(errors)
        if self.owner != BudgetOwner.FORVALTNING:
            self.forvaltning = None
        if self.owner != BudgetOwner.SAMVERKAN:
            self.owner_samverkan = None

    @property
    def owner_label(self) -> str:
        if self.owner == BudgetOwner.FORVALTNING and self.forvaltning_id:
            return self.forvaltning.name
        if self.owner == BudgetOwner.SAMVERKAN and self.owner_samverkan_id:
            return self.owner_samverkan.name
        return str(self.get_owner_display())

    def _version_frozen(self) -> bool:
        return BudgetVersion.objects.filter(
            pk=self.version_id, status=BudgetStatus.BESLUTAD
        ).exists()


class BudgetOutcome(ContextModel):
    """What the ekonomisystem booked on one line key in one year (kronor)."""

    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    key = models.CharField(_("radnyckel"), max_length=40)
    amount = models.DecimalField(
        _("utfall (kr)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE
    )
    note = models.CharField(_("kommentar"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetutfall")
        verbose_name_plural = _("budgetutfall")
        ordering = ["-year", "key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "samverkan", "year", "key"], name="uniq_budget_outcome"
            )
        ]

    history_kommun = ("kommun", "samverkan__host")

    def __str__(self) -> str:
        return f"{self.key} {self.year}"

    def clean(self) -> None:
        super().clean()
        self.key = normalise_key(self.key)
        if not self.key:
            raise ValidationError({"key": _("Ange radnyckeln.")})
