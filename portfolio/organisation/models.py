"""Organisations, people and roles: the base every other model stands on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portfolio.choices import ForvaltningKind, Role, SamverkanKind


class Kommun(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    kommunkod = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden ska vara fyra siffror (SCB)."))],
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 1484 för Lysekil."),
    )
    lan = models.CharField(_("län"), max_length=100, blank=True)
    public_decisions_enabled = models.BooleanField(
        _("publicera justerade beslut"),
        default=False,
        help_text=_("Visa justerade, icke sekretessbelagda beslut på en öppen sida."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:kommun_detail", args=[self.pk])


class KommunYearFigures(models.Model):
    """Population and employees per year; they feed the key figures (per invånare)."""

    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000)])
    population = models.PositiveIntegerField(_("invånare"))
    employees = models.PositiveIntegerField(_("anställda"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kommun", "-year"]
        verbose_name = _("invånare och anställda")
        verbose_name_plural = _("invånare och anställda")
        constraints = [
            models.UniqueConstraint(fields=["kommun", "year"], name="uniq_kommun_year_figures")
        ]

    def __str__(self) -> str:
        return f"{self.kommun} {self.year}"


class Forvaltning(models.Model):
    """A department, board office or municipal company within one kommun."""

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="forvaltningar")
    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(
        _("typ"),
        max_length=30,
        choices=ForvaltningKind.choices,
        default=ForvaltningKind.FORVALTNING,
    )
    change_capacity = models.PositiveSmallIntegerField(
        _("förändringskapacitet"),
        default=3,
        help_text=_("Hur många initiativ förvaltningen klarar samtidigt (förändringsträngsel)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kommun__name", "name"]
        verbose_name = _("förvaltning")
        verbose_name_plural = _("förvaltningar")
        constraints = [
            models.UniqueConstraint(fields=["kommun", "name"], name="uniq_forvaltning_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kommun})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:forvaltning_detail", args=[self.pk])


class Samverkansorganisation(models.Model):
    """A shared IT organisation or collaboration, e.g. SML-IT hosted by Lysekil."""

    name = models.CharField(_("namn"), max_length=150, unique=True)
    kind = models.CharField(
        _("typ"),
        max_length=30,
        choices=SamverkanKind.choices,
        default=SamverkanKind.IT_ORGANISATION,
    )
    description = models.TextField(_("beskrivning"), blank=True)
    host = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        related_name="hosted_samverkan",
        verbose_name=_("värdkommun"),
    )
    members = models.ManyToManyField(
        Kommun, related_name="samverkan", verbose_name=_("medlemskommuner")
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkansorganisation")
        verbose_name_plural = _("samverkansorganisationer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:samverkan_detail", args=[self.pk])


class RoleAssignment(models.Model):
    """A role held by a user, scoped to exactly one kommun, förvaltning or samverkan."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    kommun = models.ForeignKey(
        Kommun, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("förvaltning"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("samverkansorganisation"),
    )
    valid_from = models.DateField(_("gäller från"), default=timezone.localdate)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        constraints = [
            models.CheckConstraint(
                name="role_assignment_exactly_one_scope",
                condition=(
                    Q(kommun__isnull=False, forvaltning__isnull=True, samverkan__isnull=True)
                    | Q(kommun__isnull=True, forvaltning__isnull=False, samverkan__isnull=True)
                    | Q(kommun__isnull=True, forvaltning__isnull=True, samverkan__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self):
        return self.kommun or self.forvaltning or self.samverkan

    @property
    def scope_kommun_ids(self) -> set[int]:
        """The kommuner this assignment's scope lies in (several for a samverkan)."""
        if self.kommun_id:
            return {self.kommun_id}
        if self.forvaltning_id:
            return {self.forvaltning.kommun_id}
        return {k.pk for k in self.samverkan.members.all()} | {self.samverkan.host_id}

    def clean(self) -> None:
        scopes = [s for s in (self.kommun_id, self.forvaltning_id, self.samverkan_id) if s]
        if len(scopes) != 1:
            raise ValidationError(
                _("Välj exakt en omfattning: en kommun, en förvaltning eller en samverkan.")
            )
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Slutdatum kan inte ligga före startdatum.")})

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)


class DemoAccount(models.Model):
    """Marks a user created by ``seed_demo``; only these accept the demo password."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("demokonto")
        verbose_name_plural = _("demokonton")

    def __str__(self) -> str:
        return str(self.user)


# Guardian object permissions with direct foreign keys (faster than generic).
class KommunUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Kommun, on_delete=models.CASCADE)


class KommunGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Kommun, on_delete=models.CASCADE)
