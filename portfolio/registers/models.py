"""The system register (applikationsöversikt): systems, suppliers, contracts, costs.

Glossary: System -> system, Supplier -> leverantör, Contract -> avtal,
SystemCost -> systemkostnad, Integration -> integration,
SystemAvailability -> tillgänglighet och nöjdhet per år.
"""

import datetime

from dateutil.relativedelta import relativedelta
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
    ContractStatus,
    CostNature,
    CostType,
    DocumentationState,
    Hosting,
    IntegrationDirection,
    Lifecycle,
    Payer,
    RenewalType,
    SystemCategory,
    SystemKind,
    TechDebt,
    TimeClass,
    VendorDependency,
    Verksamhetsomrade,
)
from portfolio.organisation.models import Forvaltning, Kommun, Samverkansorganisation

FIT = [MinValueValidator(1), MaxValueValidator(4)]
KLASSA = [MinValueValidator(0), MaxValueValidator(4)]
POSITIVE = [MinValueValidator(0)]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def derive_time_class(functional_fit: int | None, technical_fit: int | None) -> str | None:
    """Gartner TIME from fit scores 1–4; 3 or 4 counts as high.

    high functional + high technical -> investera; high functional + low
    technical -> migrera; low functional + high technical -> tolerera;
    both low -> eliminera. Missing scores give no class.
    """
    if functional_fit is None or technical_fit is None:
        return None
    functional_high, technical_high = functional_fit >= 3, technical_fit >= 3
    if functional_high and technical_high:
        return TimeClass.INVESTERA
    if functional_high:
        return TimeClass.MIGRERA
    if technical_high:
        return TimeClass.TOLERERA
    return TimeClass.ELIMINERA


class Supplier(models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    org_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverantör")
        verbose_name_plural = _("leverantörer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:supplier_detail", args=[self.pk])


class System(models.Model):
    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, related_name="systems", verbose_name=_("ägande kommun")
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="systems",
        verbose_name=_("delas inom samverkan"),
        help_text=_("Ett delat system syns för alla medlemskommuner."),
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=SystemKind.choices)
    category = models.CharField(_("kategori"), max_length=30, choices=SystemCategory.choices)
    area = models.CharField(
        _("verksamhetsområde"), max_length=30, choices=Verksamhetsomrade.choices
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        related_name="systems",
        verbose_name=_("ägande förvaltning"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_systems",
        verbose_name=_("systemägare"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_systems",
        verbose_name=_("systemförvaltare"),
    )
    used_by = models.ManyToManyField(
        Kommun, blank=True, related_name="used_systems", verbose_name=_("används av kommuner")
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="systems",
        verbose_name=_("leverantör"),
    )
    hosting = models.CharField(_("drift"), max_length=20, choices=Hosting.choices)
    lifecycle = models.CharField(
        _("livscykelfas"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.I_DRIFT
    )
    lifecycle_since = models.DateField(_("i fasen sedan"), null=True, blank=True)
    planned_retirement = models.DateField(_("planerad avveckling"), null=True, blank=True)
    functional_fit = models.PositiveSmallIntegerField(
        _("funktionell lämplighet (1–4)"), null=True, blank=True, validators=FIT
    )
    technical_fit = models.PositiveSmallIntegerField(
        _("teknisk lämplighet (1–4)"), null=True, blank=True, validators=FIT
    )
    tech_debt = models.CharField(
        _("teknisk skuld"), max_length=20, choices=TechDebt.choices, blank=True
    )
    documentation = models.CharField(
        _("dokumentation"), max_length=20, choices=DocumentationState.choices, blank=True
    )
    vendor_dependency = models.CharField(
        _("leverantörsberoende"), max_length=10, choices=VendorDependency.choices, blank=True
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("konfidentialitet (K)"), null=True, blank=True, validators=KLASSA
    )
    integrity = models.PositiveSmallIntegerField(
        _("riktighet (R)"), null=True, blank=True, validators=KLASSA
    )
    availability_class = models.PositiveSmallIntegerField(
        _("tillgänglighet (T)"), null=True, blank=True, validators=KLASSA
    )
    classified_on = models.DateField(_("klassad datum"), null=True, blank=True)
    personal_data = models.BooleanField(_("innehåller personuppgifter"), default=False)
    pub_agreement = models.BooleanField(_("PUB-avtal finns"), default=False)
    pub_signed_on = models.DateField(_("PUB-avtal undertecknat"), null=True, blank=True)
    user_count = models.PositiveIntegerField(_("antal användare"), null=True, blank=True)
    availability_target = models.DecimalField(
        _("tillgänglighetsmål (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[used_by])

    class Meta:
        ordering = ["name"]
        verbose_name = _("system")
        verbose_name_plural = _("system")
        indexes = [models.Index(fields=["kommun", "category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:system_detail", args=[self.pk])

    @property
    def time_class(self) -> str | None:
        return derive_time_class(self.functional_fit, self.technical_fit)

    def get_time_class_display(self) -> str:
        value = self.time_class
        return TimeClass(value).label if value else ""

    @property
    def is_classified(self) -> bool:
        return None not in (self.confidentiality, self.integrity, self.availability_class)

    @property
    def krt(self) -> str:
        if not self.is_classified:
            return ""
        return f"K{self.confidentiality} R{self.integrity} T{self.availability_class}"

    @property
    def lacks_pub_agreement(self) -> bool:
        return self.personal_data and not self.pub_agreement

    def clean(self) -> None:
        errors = {}
        if self.forvaltning_id and self.kommun_id and self.forvaltning.kommun_id != self.kommun_id:
            errors["forvaltning"] = _("Förvaltningen måste höra till systemets kommun.")
        if self.pub_signed_on and not self.pub_agreement:
            errors["pub_signed_on"] = _("Ange att PUB-avtal finns om du anger ett datum.")
        if self.pub_agreement and not self.personal_data:
            errors["pub_agreement"] = _(
                "PUB-avtal behövs bara när systemet innehåller personuppgifter."
            )
        if self.classified_on and not self.is_classified:
            errors["classified_on"] = _("Fyll i K, R och T när du anger klassningsdatum.")
        if errors:
            raise ValidationError(errors)


class SystemAvailability(models.Model):
    """Measured availability and user satisfaction for one system and year."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="availability")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    target = models.DecimalField(
        _("mål (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    measured = models.DecimalField(
        _("uppmätt (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    satisfaction = models.DecimalField(
        _("användarnöjdhet (1–5)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-year"]
        verbose_name = _("tillgänglighet")
        verbose_name_plural = _("tillgänglighet")
        constraints = [
            models.UniqueConstraint(fields=["system", "year"], name="uniq_system_availability_year")
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.year}"


class Integration(models.Model):
    source = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_out", verbose_name=_("källa")
    )
    target = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_in", verbose_name=_("mål")
    )
    direction = models.CharField(
        _("riktning"),
        max_length=10,
        choices=IntegrationDirection.choices,
        default=IntegrationDirection.UT,
    )
    information = models.CharField(_("information som flödar"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrationer")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError(_("Ett system kan inte integreras med sig självt."))


class Contract(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="contracts")
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("leverantör")
    )
    number = models.CharField(_("avtalsnummer"), max_length=100)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"))
    notice_months = models.PositiveSmallIntegerField(
        _("uppsägningstid (månader)"), default=3, validators=[MaxValueValidator(60)]
    )
    renewal_type = models.CharField(
        _("förlängning"),
        max_length=20,
        choices=RenewalType.choices,
        default=RenewalType.AUTOMATISK,
    )
    extension_options = models.CharField(_("förlängningsoptioner"), max_length=300, blank=True)
    annual_cost = models.DecimalField(
        _("årskostnad (kr)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["end_date"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")

    def __str__(self) -> str:
        return f"{self.number} ({self.supplier})"

    def get_absolute_url(self) -> str:
        return self.system.get_absolute_url() + "#contract"

    @property
    def last_cancel_date(self) -> datetime.date:
        """Sista uppsägningsdag: end date minus the notice period.

        relativedelta clamps to the month's last day, so 2027-05-31 minus three
        months is 2027-02-28.
        """
        return self.end_date - relativedelta(months=self.notice_months)

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if today > self.end_date:
            return ContractStatus.UTGANGET
        if today > self.last_cancel_date:
            return ContractStatus.UPPSAGNINGSPERIOD
        return ContractStatus.AKTIVT

    def get_status_display(self) -> str:
        return ContractStatus(self.status()).label

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Slutdatum kan inte ligga före startdatum.")})


class ContractReminder(models.Model):
    """One reminder e-mail about a contract's sista uppsägningsdag; unique per due date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    cancel_date = models.DateField(_("sista uppsägningsdag"))
    kind = models.CharField(_("typ"), max_length=10)  # "advance" or "due"
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    recipient = models.EmailField(_("mottagare"))

    class Meta:
        verbose_name = _("avtalspåminnelse")
        verbose_name_plural = _("avtalspåminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "cancel_date", "kind"], name="uniq_contract_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.kind} {self.cancel_date}"


class SystemCost(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    cost_type = models.CharField(_("kostnadsslag"), max_length=20, choices=CostType.choices)
    nature = models.CharField(_("drift/utveckling"), max_length=20, choices=CostNature.choices)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    payer = models.CharField(_("betalas av"), max_length=20, choices=Payer.choices)
    paying_forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paid_system_costs",
        verbose_name=_("betalande förvaltning"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-year", "cost_type"]
        verbose_name = _("systemkostnad")
        verbose_name_plural = _("systemkostnader")
        indexes = [models.Index(fields=["year", "system"])]

    def __str__(self) -> str:
        return f"{self.system} {self.year} {self.get_cost_type_display()}"

    def clean(self) -> None:
        if self.payer == Payer.FORVALTNING and not self.paying_forvaltning_id:
            raise ValidationError({"paying_forvaltning": _("Ange vilken förvaltning som betalar.")})


class SystemUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(System, on_delete=models.CASCADE)


class SystemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(System, on_delete=models.CASCADE)
