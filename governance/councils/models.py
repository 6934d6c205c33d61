"""Councils (råd, styrgrupper), their members and the annual milestones (årshjul)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.choices import (
    CouncilKind,
    MemberRole,
    MilestoneKind,
)
from portfolio.models import Kommun, Samverkansorganisation

User = settings.AUTH_USER_MODEL


class Council(models.Model):
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("kommun"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("samverkansorganisation"),
    )
    kind = models.CharField(_("typ"), max_length=30, choices=CouncilKind.choices)
    custom_kind = models.CharField(
        _("egen typ"), max_length=100, blank=True, help_text=_("Anges när typen är Annat.")
    )
    name = models.CharField(_("namn"), max_length=200)
    remit = models.TextField(_("uppdrag"), blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("planerade möten per år"), default=4, validators=[MaxValueValidator(52)]
    )
    procurement_email = models.EmailField(
        _("e-post till upphandlingscenter"),
        blank=True,
        help_text=_("Underrättas när rådet beviljar ett inköp (steg 4)."),
    )
    it_unit_email = models.EmailField(
        _("e-post till IT-enheten"),
        blank=True,
        help_text=_("Underrättas när rådet beviljar ett inköp (steg 4)."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("råd eller grupp")
        verbose_name_plural = _("råd och grupper")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kommun__isnull=False) & Q(samverkan__isnull=True))
                | (Q(kommun__isnull=True) & Q(samverkan__isnull=False)),
                name="council_one_owner",
            )
        ]

    history_kommun = ("kommun", "samverkan__host")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:council_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return str(self.kommun or self.samverkan)

    @property
    def kind_label(self) -> str:
        return self.custom_kind if self.kind == CouncilKind.CUSTOM else self.get_kind_display()

    def kommun_ids(self) -> set[int]:
        """The kommuner this council serves."""
        if self.kommun_id:
            return {self.kommun_id}
        s = self.samverkan
        return {m.pk for m in s.members.all()} | {s.host_id}

    def clean(self) -> None:
        if bool(self.kommun_id) == bool(self.samverkan_id):
            raise ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation, inte båda.")
            )
        if self.kind == CouncilKind.CUSTOM and not self.custom_kind.strip():
            raise ValidationError({"custom_kind": _("Ange vilken typ av råd det är.")})


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="council_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("roll"), max_length=20, choices=MemberRole.choices)
    valid_from = models.DateField(_("från"), default=datetime.date.today)
    valid_until = models.DateField(_("till och med"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledamot")
        verbose_name_plural = _("ledamöter")
        ordering = ["council", "role", "user__last_name"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Slutdatum kan inte ligga före startdatum.")})


def active_members_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


class AnnualMilestone(models.Model):
    """A recurring point in a kommun's årshjul, e.g. when the IT-bokslut is due."""

    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("typ"), max_length=20, choices=MilestoneKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    month = models.PositiveSmallIntegerField(
        _("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("dag"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt i årshjulet")
        verbose_name_plural = _("punkter i årshjulet")
        ordering = ["month", "day"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.month and self.day:
            try:
                datetime.date(2024, self.month, self.day)  # a leap year allows 29 Feb
            except ValueError:
                raise ValidationError({"day": _("Dagen finns inte i den månaden.")}) from None

    def date_in(self, year: int) -> datetime.date:
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:  # 29 Feb in a common year
            return datetime.date(year, self.month, 28)
