"""Meetings, agenda items, attendance and § decisions; signed minutes are frozen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.cases.models import Case
from governance.choices import (
    MINUTES_NOT_REQUESTED,
    MINUTES_STATUS_CHOICES,
    AgendaItemKind,
    DecisionType,
    MemberRole,
)
from governance.councils.models import Council, User
from portfolio.jobs import BackgroundJob
from portfolio.models import Initiative, Kommun, System

SIGNED_MESSAGE = _(
    "Protokollet är justerat och kan inte ändras. Rätta genom ett nytt beslut som "
    "hänvisar till det gamla."
)


class SignedMinutesError(ValidationError):
    """Raised on any attempt to change signed minutes."""

    def __init__(self):
        super().__init__(SIGNED_MESSAGE, code="signed")


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
    MINUTES_FIELDS = frozenset({"minutes_pdf", "minutes_variant", "minutes_pages"})

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
    def minutes_job_or_none(self) -> MinutesJob | None:
        """The job that renders the minutes PDF; None before the minutes are justerade."""
        return getattr(self, "minutes_job", None)

    @property
    def minutes_status(self) -> str:
        job = self.minutes_job_or_none
        return job.status if job else MINUTES_NOT_REQUESTED

    @property
    def minutes_status_label(self) -> str:
        return dict(MINUTES_STATUS_CHOICES)[self.minutes_status]

    @property
    def minutes_running(self) -> bool:
        """The minutes PDF is köad or pågår (its status block keeps polling)."""
        job = self.minutes_job_or_none
        return bool(job and job.is_running)

    @property
    def decision_range(self) -> str:
        numbers = [d.number for d in self.decisions.all()]
        if not numbers:
            return ""
        lo, hi = min(numbers), max(numbers)
        return f"§ {lo}" if lo == hi else f"§ {lo}–{hi}"


class MinutesJob(BackgroundJob):
    """The background job that renders a justerat protokoll as PDF (``portfolio.jobs``).

    The PDF itself belongs to the record and is stored on the meeting
    (``Meeting.minutes_pdf``), once; the job only tracks making it.
    """

    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_job",
        verbose_name=_("sammanträde"),
    )
    created_at = models.DateTimeField(_("beställd"), default=timezone.now)

    class Meta:
        verbose_name = _("protokoll-PDF")
        verbose_name_plural = _("protokoll-PDF:er")

    def __str__(self) -> str:
        return f"{_('Protokoll')} {self.meeting}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


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
    budget_version = models.ForeignKey(
        "portfolio.BudgetVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("budgetförslag"),
        help_text=_(
            "IT-budgetens förslag som punkten beslutar om. Bifall gör versionen beslutad "
            "med paragrafen som beslutsreferens när paragrafen justeras."
        ),
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
        """Frozen with the minutes, or on its own once its § is omedelbart justerad."""
        return self.meeting.is_signed() or (
            self.pk is not None
            and Decision.objects.filter(agenda_item_id=self.pk, adjusted_at__isnull=False).exists()
        )

    def disqualified(self) -> dict[int, str]:
        """Who takes no part in this § (jäv), user id → why: recorded jäv, and the applicant."""
        found = {r.user_id: r.reason for r in self.recusals.all()}
        if self.case_id and self.case.applicant_id not in found:
            found[self.case.applicant_id] = str(APPLICANT_REASON)
        return found


#: the applicant is a party (sakägare) in their own ärende: jävig without a recorded jäv
APPLICANT_REASON = _("Anmälare i ärendet")


class Recusal(SignedGuard):
    """Jäv: an attendee who takes no part in one § (förvaltningslagen 16–18 §§).

    The member neither gives the beredningsgrupp's yttrande in the ärende, nor
    records, decides or justerar the §; the minutes say "X anmäler jäv och
    deltar inte i handläggningen". The applicant of an ärende is jävig in it
    without a row (``AgendaItem.disqualified``).
    """

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("punkt")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("ledamot")
    )
    reason = models.TextField(_("skäl"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        ordering = ["agenda_item", "pk"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "user"], name="uniq_recusal")]

    history_kommun = (
        "agenda_item__meeting__council__kommun",
        "agenda_item__meeting__council__samverkan__host",
    )

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.user}"

    def is_signed(self) -> bool:
        return self.agenda_item.is_signed()

    def parent_signed(self) -> bool:
        return bool(self.agenda_item_id) and self.agenda_item.is_signed()


class Decision(SignedGuard):
    """A decision with its § number, running per council and calendar year.

    A council decision takes effect (its ärende moves, its initiative moves,
    upphandling is told) when it is justerad: with the whole minutes
    (``sign_minutes``) or on its own by omedelbar justering
    (``adjust_decision``); ``effective_at`` records when. A delegationsbeslut
    (the kommundirektör deciding alone on a kommungemensamt system) has no
    meeting and no minutes: its number runs per kommun and year and it is
    final, and takes effect, when recorded.

    ``decision_date`` is the day of the decision (the meeting's date, or the
    kommundirektör's decision day), shown wherever the decision is;
    ``decided_at`` is when it was entered.
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
    decision_date = models.DateField(_("beslutsdatum"))
    decided_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    adjusted_at = models.DateTimeField(_("omedelbart justerad"), null=True, blank=True)
    adjusted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    effective_at = models.DateTimeField(_("gäller från"), null=True, blank=True)
    # What the decision concerned, kept on the record: PROTECT, so a system or an
    # initiative that a decision names can't be deleted (nor silently dropped from it).
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("initiativ"),
    )
    systems = models.ManyToManyField(
        System, blank=True, related_name="decisions", through="DecisionSystem"
    )
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

    @property
    def reference(self) -> str:
        """How the decision is cited: "IT-styrgruppen 2026-09-12 § 7"."""
        return f"{self.body_name} {self.decision_date:%Y-%m-%d} {self.paragraph}"

    def is_signed(self) -> bool:
        return (
            self.is_delegation
            or self.adjusted_at is not None
            or (self.meeting_id is not None and self.meeting.is_signed())
        )

    @property
    def is_final(self) -> bool:
        return self.is_signed()

    @property
    def is_adjusted_alone(self) -> bool:
        """Omedelbart justerad: justerad on its own, before the rest of the minutes."""
        return self.adjusted_at is not None


#: decisions that are final: justerade (with the minutes or omedelbart) or delegationsbeslut
FINAL_DECISIONS_Q = (
    Q(meeting__signed_at__isnull=False) | Q(adjusted_at__isnull=False) | Q(is_delegation=True)
)


class DecisionSystem(models.Model):
    """A system a decision concerns. PROTECT: a system named in a decision can't be deleted."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    system = models.ForeignKey(
        System, on_delete=models.PROTECT, related_name="+", verbose_name=_("system")
    )

    class Meta:
        db_table = "governance_decision_systems"  # the table of the former implicit M2M
        verbose_name = _("system i beslut")
        verbose_name_plural = _("system i beslut")
        unique_together = [("decision", "system")]

    def __str__(self) -> str:
        return f"{self.decision}: {self.system}"
