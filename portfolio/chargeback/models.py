"""Hyressystem and debiteringsmodell (issue 16, seeds 001 and 004).

Glossary: PriceList -> prislista (hyressystemet, per kommun or samverkan and
year, decided by the finansieringsgrupp), PriceItem -> pris per utrustningsslag,
RentalCount -> antal hyrda enheter per förvaltning och år, CostPool ->
kostnadspool (kommungemensamma system, IT-plattformen, en samverkans
kostnader), KeyValue -> nyckelvärde (antal användare, anställda, fast andel per
förvaltning och år), DistributionRun -> fördelningskörning, Charge ->
debitering (one förvaltning's part of one pool, or its rent for one month).

A decided price list is frozen (its items refuse changes). A run is frozen
once made: it stores the inputs it used (``inputs``) and its charges, and a
new run is the way to redo it; the latest run of a kommun and year is the one
shown. The arithmetic is in ``allocation.py``, the run in ``distribution.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.organisation.models import Forvaltning, Kommun, Samverkansorganisation
from portfolio.registers.models import System

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
NOT_NEGATIVE_AMOUNT = [MinValueValidator(0, message=_("Beloppet kan inte vara negativt."))]
NOT_NEGATIVE_COUNT = [MinValueValidator(0, message=_("Antalet kan inte vara negativt."))]
NOT_NEGATIVE_VALUE = [MinValueValidator(0, message=_("Nyckelvärdet kan inte vara negativt."))]
FROZEN_PRICE_LIST = _(
    "Prislistan är beslutad och kan inte ändras. Gör en ny prislista för ändringar."
)


class ItemKind(models.TextChoices):
    DATOR = "dator", _("Dator")
    SKARM = "skarm", _("Skärm")
    SKRIVARE = "skrivare", _("Skrivare")
    MOBILTELEFON = "mobiltelefon", _("Mobiltelefon")
    SURFPLATTA = "surfplatta", _("Surfplatta")
    OVRIGT = "ovrigt", _("Övrig utrustning")


class PricePeriod(models.TextChoices):
    MONTH = "manad", _("per månad")
    YEAR = "ar", _("per år")


class PriceListStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    BESLUTAD = "beslutad", _("Beslutad")


class PoolKind(models.TextChoices):
    KOMMUNGEMENSAMMA = "kommungemensamma", _("Kommungemensamma system")
    PLATTFORM = "plattform", _("IT-plattformen")
    SAMVERKAN = "samverkan", _("Samverkans kostnader")
    OVRIGT = "ovrigt", _("Övriga gemensamma kostnader")


class KeyKind(models.TextChoices):
    USERS = "anvandare", _("Antal användare")
    EMPLOYEES = "anstallda", _("Antal anställda")
    DEVICES = "enheter", _("Antal enheter (hyressystemet)")
    FIXED = "fast", _("Fast andel (%)")
    DIRECT = "direkt", _("Direkt till en förvaltning")
    POPULATION = "invanare", _("Antal invånare")


#: keys that split a pool between a kommun's förvaltningar
FORVALTNING_KEYS = (
    KeyKind.USERS,
    KeyKind.EMPLOYEES,
    KeyKind.DEVICES,
    KeyKind.FIXED,
    KeyKind.DIRECT,
)
#: keys that split a samverkan pool between its kommuner (first level)
KOMMUN_KEYS = (KeyKind.POPULATION, KeyKind.EMPLOYEES, KeyKind.FIXED)
#: keys whose values are typed in per förvaltning and year (the others are derived)
ENTERED_KEYS = (KeyKind.USERS, KeyKind.EMPLOYEES, KeyKind.FIXED)


class ChargeSource(models.TextChoices):
    POOL = "pool", _("Kostnadspool")
    RENT = "hyra", _("Hyressystemet")


class OwnedByKommunOrSamverkan(models.Model):
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samverkan"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.samverkan if self.samverkan_id else self.kommun

    def clean(self) -> None:
        if bool(self.kommun_id) == bool(self.samverkan_id):
            raise ValidationError(_("Ange antingen en kommun eller en samverkan."))


class PriceList(OwnedByKommunOrSamverkan):
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PriceListStatus.choices,
        default=PriceListStatus.UTKAST,
    )
    decision_reference = models.CharField(
        _("beslut"),
        max_length=200,
        blank=True,
        help_text=_("Finansieringsgruppens beslut, t.ex. protokoll och datum."),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prislista")
        verbose_name_plural = _("prislistor")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "year"],
                condition=models.Q(samverkan__isnull=True),
                name="uniq_price_list_kommun_year",
            ),
            models.UniqueConstraint(
                fields=["samverkan", "year"],
                condition=models.Q(kommun__isnull=True),
                name="uniq_price_list_samverkan_year",
            ),
        ]

    def __str__(self) -> str:
        return f"Prislista {self.year} {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:chargeback_pricelist_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status == PriceListStatus.BESLUTAD


class PriceItem(models.Model):
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="items")
    item_kind = models.CharField(_("utrustning"), max_length=20, choices=ItemKind.choices)
    price = models.DecimalField(
        _("pris (kr)"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE_AMOUNT
    )
    period = models.CharField(
        _("period"), max_length=10, choices=PricePeriod.choices, default=PricePeriod.MONTH
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pris")
        verbose_name_plural = _("priser")
        ordering = ["price_list", "item_kind"]
        constraints = [
            models.UniqueConstraint(fields=["price_list", "item_kind"], name="uniq_price_item_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_item_kind_display()} {self.price} kr {self.get_period_display()}"

    def save(self, *args, **kwargs):
        if PriceList.objects.filter(
            pk=self.price_list_id, status=PriceListStatus.BESLUTAD
        ).exists():
            raise ValidationError(FROZEN_PRICE_LIST)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.price_list.is_frozen:
            raise ValidationError(FROZEN_PRICE_LIST)
        return super().delete(*args, **kwargs)

    @property
    def yearly_price(self):
        return self.price * 12 if self.period == PricePeriod.MONTH else self.price


class RentalCount(models.Model):
    """How many items of one kind a förvaltning rents in one year."""

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    forvaltning = models.ForeignKey(
        Forvaltning, on_delete=models.PROTECT, related_name="+", verbose_name=_("förvaltning")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    item_kind = models.CharField(_("utrustning"), max_length=20, choices=ItemKind.choices)
    count = models.IntegerField(_("antal"), validators=NOT_NEGATIVE_COUNT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hyrd utrustning")
        verbose_name_plural = _("hyrd utrustning")
        ordering = ["-year", "forvaltning__name", "item_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["forvaltning", "year", "item_kind"], name="uniq_rental_count"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="rental_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forvaltning.name} {self.year}: {self.count} {self.get_item_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:chargeback_count_edit", args=[self.pk])

    def clean(self) -> None:
        if self.forvaltning_id:
            self.kommun_id = self.forvaltning.kommun_id


class CostPool(OwnedByKommunOrSamverkan):
    """A shared cost to distribute, with the key chosen for it."""

    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(_("typ"), max_length=20, choices=PoolKind.choices)
    amount = models.DecimalField(
        _("belopp (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_AMOUNT,
        help_text=_("Lämna tomt för att använda summan av de valda systemens kostnader."),
    )
    systems = models.ManyToManyField(
        System,
        blank=True,
        related_name="+",
        verbose_name=_("system"),
        help_text=_("Poolens belopp blir systemens kostnader för året (systemregistret)."),
    )
    key_kind = models.CharField(
        _("fördelningsnyckel"),
        max_length=20,
        choices=KeyKind.choices,
        help_text=_("För en samverkanspool: hur kostnaden delas mellan kommunerna."),
    )
    inner_key_kind = models.CharField(
        _("nyckel inom kommunerna"),
        max_length=20,
        choices=KeyKind.choices,
        blank=True,
        help_text=_("Bara för en samverkanspool: hur varje kommuns del delas på förvaltningarna."),
    )
    direct_forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förvaltning (direkt)"),
    )
    history = HistoricalRecords(m2m_fields=[systems])

    class Meta:
        verbose_name = _("kostnadspool")
        verbose_name_plural = _("kostnadspooler")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:chargeback_pool_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.samverkan_id:
            if self.key_kind not in KOMMUN_KEYS:
                errors["key_kind"] = _(
                    "En samverkanspool delas mellan kommunerna efter invånare, anställda eller "
                    "fast andel."
                )
            if self.inner_key_kind not in FORVALTNING_KEYS or self.inner_key_kind == KeyKind.DIRECT:
                errors["inner_key_kind"] = _(
                    "Välj hur kommunernas delar fördelas på förvaltningarna (inte direkt)."
                )
        else:
            if self.key_kind not in FORVALTNING_KEYS:
                errors["key_kind"] = _("Välj en nyckel som fördelar på förvaltningar.")
            if self.inner_key_kind:
                errors["inner_key_kind"] = _(
                    "Bara en samverkanspool har en nyckel inom kommunerna."
                )
        if self.key_kind == KeyKind.DIRECT and not self.samverkan_id:
            if not self.direct_forvaltning_id:
                errors["direct_forvaltning"] = _("Ange förvaltningen som bär kostnaden.")
            elif self.direct_forvaltning.kommun_id != self.kommun_id:
                errors["direct_forvaltning"] = _("Förvaltningen måste höra till kommunen.")
        elif self.direct_forvaltning_id:
            errors["direct_forvaltning"] = _("Förvaltning anges bara för nyckeln Direkt.")
        if errors:
            raise ValidationError(errors)


class KeyValue(models.Model):
    """One förvaltning's value of a key in one year (a fixed share belongs to one pool).

    A samverkan pool's fixed shares between kommuner have no förvaltning.
    """

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förvaltning"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    key_kind = models.CharField(_("nyckel"), max_length=20, choices=KeyKind.choices)
    pool = models.ForeignKey(
        CostPool,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("kostnadspool"),
        help_text=_("Bara för fast andel: poolen som andelen gäller."),
    )
    value = models.DecimalField(
        _("värde"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE_VALUE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nyckelvärde")
        verbose_name_plural = _("nyckelvärden")
        ordering = ["-year", "key_kind", "forvaltning__name"]

    def __str__(self) -> str:
        who = self.forvaltning.name if self.forvaltning_id else self.kommun.name
        return f"{self.get_key_kind_display()} {self.year} {who}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:chargeback_key_edit", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.key_kind not in ENTERED_KEYS:
            errors["key_kind"] = _(
                "Bara användare, anställda och fasta andelar anges; enheter kommer från "
                "hyressystemet och invånare från kommunens årsuppgifter."
            )
        if self.key_kind == KeyKind.FIXED and not self.pool_id:
            errors["pool"] = _("En fast andel gäller en kostnadspool: välj poolen.")
        if self.key_kind != KeyKind.FIXED and self.pool_id:
            errors["pool"] = _("Bara en fast andel gäller en viss kostnadspool.")
        if self.forvaltning_id and self.forvaltning.kommun_id != self.kommun_id:
            errors["forvaltning"] = _("Förvaltningen måste höra till kommunen.")
        if not self.forvaltning_id and not (self.pool_id and self.pool.samverkan_id):
            errors["forvaltning"] = _("Ange förvaltningen.")
        if self.key_kind == KeyKind.FIXED and self.value is not None and self.value > 100:
            errors["value"] = _("En fast andel kan inte vara över 100 %.")
        if errors:
            raise ValidationError(errors)


class DistributionRun(models.Model):
    """One distribution of a kommun's year: frozen once made; the latest is shown."""

    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    number = models.PositiveSmallIntegerField(_("körning"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("körd"), default=timezone.now)
    total = models.DecimalField(_("summa (kr)"), max_digits=16, decimal_places=2, default=0)
    #: every input the run used: pools, amounts, keys, key values, prices and counts
    inputs = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("fördelningskörning")
        verbose_name_plural = _("fördelningskörningar")
        ordering = ["-year", "kommun__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "year", "number"], name="uniq_distribution_run"
            )
        ]

    def __str__(self) -> str:
        return f"Fördelning {self.year} {self.kommun} nr {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and DistributionRun.objects.filter(pk=self.pk).exists():
            raise ValidationError(_("En fördelningskörning kan inte ändras. Gör en ny körning."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:chargeback_run_detail", args=[self.pk])


class Charge(models.Model):
    """A förvaltning's part of one pool in a run, or its rent of one item kind and month."""

    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="charges")
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    forvaltning = models.ForeignKey(
        Forvaltning, on_delete=models.PROTECT, related_name="+", verbose_name=_("förvaltning")
    )
    source = models.CharField(_("källa"), max_length=10, choices=ChargeSource.choices)
    pool = models.ForeignKey(
        CostPool, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pool_name = models.CharField(_("kostnad"), max_length=150)
    item_kind = models.CharField(
        _("utrustning"), max_length=20, choices=ItemKind.choices, blank=True
    )
    month = models.PositiveSmallIntegerField(_("månad"), null=True, blank=True)
    key_kind = models.CharField(_("nyckel"), max_length=20, choices=KeyKind.choices, blank=True)
    key_value = models.DecimalField(_("nyckelvärde"), max_digits=14, decimal_places=2, default=0)
    key_total = models.DecimalField(_("nyckelns summa"), max_digits=14, decimal_places=2, default=0)
    #: what was distributed within the kommun: the pool, or the kommun's part of a samverkan pool
    base_amount = models.DecimalField(_("fördelat belopp"), max_digits=16, decimal_places=2)
    amount = models.DecimalField(_("belopp (kr)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("debitering")
        verbose_name_plural = _("debiteringar")
        ordering = ["forvaltning__name", "source", "pool_name", "item_kind", "month"]
        indexes = [models.Index(fields=["run", "forvaltning"])]

    def __str__(self) -> str:
        return f"{self.forvaltning.name}: {self.pool_name} {self.amount} kr"
