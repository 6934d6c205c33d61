"""Councils, meetings, ärenden and § decisions (seed 004). See ``governance.choices``.

Immutability: once a meeting's minutes are signed (justerade), the meeting,
its agenda items, attendance and decisions refuse every save and delete at the
model level (``SignedGuard``), so the service, forms, views and the admin all
hit the same wall. A correction is a new decision that refers to the old one.
"""

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
    AckParty,
    AgendaItemKind,
    CaseEventKind,
    CaseKind,
    CaseStatus,
    CouncilKind,
    DecisionType,
    MemberRole,
    MilestoneKind,
    MinutesStatus,
)
from portfolio.models import Forvaltning, Initiative, Kommun, Samverkansorganisation, System

User = settings.AUTH_USER_MODEL
SIGNED_MESSAGE = _(
    "Protokollet är justerat och kan inte ändras. Rätta genom ett nytt beslut som "
    "hänvisar till det gamla."
)


class SignedMinutesError(ValidationError):
    """Raised on any attempt to change signed minutes."""

    def __init__(self):
        super().__init__(SIGNED_MESSAGE, code="signed")


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


class SignedGuard(models.Model):
    """Refuses save and delete once the owning meeting's minutes are signed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None:
            if self.parent_signed():
                raise SignedMinutesError()
        elif self._signed_in_db():
            raise SignedMinutesError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._signed_in_db():
            raise SignedMinutesError()
        return super().delete(*args, **kwargs)

    def _signed_in_db(self) -> bool:
        """Judge on the stored row, so an in-memory edit of the flag cannot bypass it."""
        fresh = type(self)._default_manager.filter(pk=self.pk).first()
        return fresh is not None and fresh.is_signed()

    def is_signed(self) -> bool:
        raise NotImplementedError

    def parent_signed(self) -> bool:
        """For a new row: does it join minutes that are already signed?"""
        meeting_id = getattr(self, "meeting_id", None)
        return (
            bool(meeting_id)
            and Meeting.objects.filter(pk=meeting_id, signed_at__isnull=False).exists()
        )


class Meeting(SignedGuard):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("datum och tid"))
    place = models.CharField(_("plats"), max_length=200)
    secretary = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sekreterare"),
    )
    adjuster = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("justerare"),
    )
    agenda_published_at = models.DateTimeField(
        _("föredragningslista publicerad"), null=True, blank=True
    )
    signed_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    signed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_pdf = models.FileField(_("protokoll (PDF)"), upload_to="minutes/%Y/", blank=True)
    minutes_status = models.CharField(
        _("protokollets status"), max_length=10, choices=MinutesStatus.choices, blank=True
    )
    minutes_error = models.TextField(_("felmeddelande"), blank=True)
    minutes_variant = models.CharField(_("PDF-variant"), max_length=20, blank=True)
    minutes_pages = models.PositiveIntegerField(_("sidor"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-starts_at"]

    history_kommun = ("council__kommun", "council__samverkan__host")

    def __str__(self) -> str:
        return f"{self.council} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    # The minutes PDF is stored after signing: allow exactly those fields.
    MINUTES_FIELDS = frozenset(
        {"minutes_pdf", "minutes_status", "minutes_error", "minutes_variant", "minutes_pages"}
    )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= self.MINUTES_FIELDS:
            return models.Model.save(self, *args, **kwargs)
        return super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def decision_range(self) -> str:
        numbers = [d.number for d in self.decisions.all()]
        if not numbers:
            return ""
        lo, hi = min(numbers), max(numbers)
        return f"§ {lo}" if lo == hi else f"§ {lo}–{hi}"


class Attendance(SignedGuard):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("roll"), max_length=20, choices=MemberRole.choices, blank=True)
    present = models.BooleanField(_("närvarande"), null=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.user}"

    def is_signed(self) -> bool:
        return self.meeting.is_signed()


class AgendaItem(SignedGuard):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    kind = models.CharField(_("typ"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("beskrivning"), blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    prioritisation_round = models.ForeignKey(
        "portfolio.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("prioriteringsomgång"),
    )
    budget_amount = models.DecimalField(
        _("belopp (kr)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("föredragningslista")
        ordering = ["meeting", "order", "pk"]

    history_kommun = ("meeting__council__kommun", "meeting__council__samverkan__host")

    def __str__(self) -> str:
        return self.title

    def is_signed(self) -> bool:
        return self.meeting.is_signed()


class Decision(SignedGuard):
    """A decision with its § number, running per council and calendar year.

    A delegationsbeslut (the kommundirektör deciding alone on a kommungemensamt
    system) has no meeting; its number runs per kommun and year and it is final
    when recorded.
    """

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("§"))
    is_delegation = models.BooleanField(_("delegationsbeslut"), default=False)
    decision_type = models.CharField(_("beslut"), max_length=20, choices=DecisionType.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("beslutstext"))
    conditions = models.TextField(_("villkor"), blank=True)
    is_secret = models.BooleanField(_("omfattas av sekretess"), default=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("rättar beslut"),
    )
    decided_at = models.DateTimeField(_("beslutad"), default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    systems = models.ManyToManyField(System, blank=True, related_name="decisions")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "number"],
                condition=Q(is_delegation=False),
                name="uniq_decision_paragraph",
            ),
            models.UniqueConstraint(
                fields=["kommun", "year", "number"],
                condition=Q(is_delegation=True),
                name="uniq_delegation_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def paragraph(self) -> str:
        return f"D {self.number}" if self.is_delegation else f"§ {self.number}"

    @property
    def body_name(self) -> str:
        return str(_("Kommundirektören (delegation)")) if self.is_delegation else str(self.council)

    def is_signed(self) -> bool:
        return self.is_delegation or (self.meeting_id is not None and self.meeting.is_signed())

    @property
    def is_final(self) -> bool:
        return self.is_signed()


class NumberSequence(models.Model):
    """The last number handed out in one sequence (§ per council and year, etc.).

    Rows are locked with ``select_for_update`` while a number is taken, so two
    users deciding at once get consecutive numbers and none is skipped.
    """

    key = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="uniq_number_sequence")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


class Notification(models.Model):
    """One e-mail sent; the unique key makes every notification task idempotent."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"


__all__ = [
    "AckParty",
    "AgendaItem",
    "AnnualMilestone",
    "Attendance",
    "Case",
    "CaseEvent",
    "Council",
    "CouncilMember",
    "Decision",
    "Meeting",
    "NumberSequence",
    "Notification",
    "SignedMinutesError",
    "active_members_q",
]
