"""The maturity follow-up: versioned questionnaires, yearly rounds, forms and answers.

A ``Questionnaire`` is one version (name and year) owned by a kommun or a
samverkan; the 2024 survey of seed 003 ships with the product (migration
``0006_maturity_2024``). Questions keep a stable ``code`` across versions, so
results of different years compare question by question. Every choice of a
question is an ``Option`` row; on the six-step scale the option carries its
level (1–6) and "vet inte" carries none, so it never counts as a level. The
published 2024 network distribution is stored on the options
(``baseline_percent``) only where the report gives a number.

A ``Campaign`` (mognadsomgång) is one yearly round of a kommun or of a
samverkan; each kommun it covers gets a ``Participation`` (one per kommun and
year), whose IT-strateg chooses the ``Respondent``s. A closed round is frozen:
the services refuse every change to its answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.maturity.choices import (
    HIGHEST_LEVEL,
    LOWEST_LEVEL,
    Area,
    Audience,
    CampaignStatus,
    QuestionKind,
)
from portfolio.campaigns import OpenedClosedRecord
from portfolio.choices import Verksamhetsomrade
from portfolio.models import Forvaltning, Initiative, Kommun, Samverkansorganisation

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
LEVEL = [MinValueValidator(LOWEST_LEVEL), MaxValueValidator(HIGHEST_LEVEL)]


def exactly_one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=(
            Q(kommun__isnull=False, samverkan__isnull=True)
            | Q(kommun__isnull=True, samverkan__isnull=False)
        ),
    )


class Questionnaire(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("ägare (kommun)"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("ägare (samverkan)"),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    source = models.CharField(
        _("källa"),
        max_length=300,
        blank=True,
        help_text=_("Rapporten som frågorna och jämförelsetalen kommer från."),
    )
    baseline_label = models.CharField(
        _("jämförelsetal"),
        max_length=100,
        blank=True,
        help_text=_('Rubriken för den publicerade fördelningen, t.ex. "Fyrbodal 2024".'),
    )
    history = HistoricalRecords()
    history_kommun = ("kommun", "samverkan__host")  # the audit trail's kommun

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("mognadsenkät")
        verbose_name_plural = _("mognadsenkäter")
        constraints = [
            # No owner: shipped with the portal (the 2024 survey), for everyone to use.
            models.CheckConstraint(
                name="questionnaire_at_most_one_owner",
                condition=Q(kommun__isnull=True) | Q(samverkan__isnull=True),
            ),
            models.UniqueConstraint(fields=["name", "year"], name="uniq_questionnaire_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity_questionnaire", args=[self.pk])

    @property
    def owner(self):
        return self.kommun or self.samverkan


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=200)
    intro = models.TextField(_("inledning"), blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("del")
        verbose_name_plural = _("delar")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="uniq_section_order")
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("ordning"))
    code = models.SlugField(
        _("kod"),
        max_length=60,
        help_text=_("Samma kod i alla versioner av enkäten, så att åren kan jämföras."),
    )
    text = models.TextField(_("fråga"))
    kind = models.CharField(_("frågetyp"), max_length=20, choices=QuestionKind.choices)
    area = models.CharField(_("område"), max_length=30, choices=Area.choices)
    verksamhetsomrade = models.CharField(
        _("verksamhetsområde"), max_length=30, choices=Verksamhetsomrade.choices, blank=True
    )
    audience = models.CharField(
        _("besvaras av"), max_length=20, choices=Audience.choices, blank=True
    )
    baseline_respondents = models.PositiveSmallIntegerField(
        _("antal kommuner som svarade (jämförelsetal)"),
        null=True,
        blank=True,
        help_text=_("Bara där rapporten anger antalet."),
    )

    class Meta:
        ordering = ["questionnaire", "section__order", "order"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="uniq_question_code"),
            models.UniqueConstraint(fields=["section", "order"], name="uniq_question_order"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind != QuestionKind.TEXT

    def clean(self) -> None:
        if self.section_id and self.questionnaire_id != self.section.questionnaire_id:
            raise ValidationError({"section": _("Delen måste höra till samma enkät.")})


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("ordning"))
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("alternativ"), max_length=200)
    level = models.PositiveSmallIntegerField(
        _("nivå"),
        null=True,
        blank=True,
        validators=LEVEL,
        help_text=_("1–6 på mognadsskalan. Tomt: räknas inte som nivå (t.ex. vet inte)."),
    )
    baseline_percent = models.DecimalField(
        _("jämförelsetal (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Den publicerade andelen. Tomt där rapporten inte anger någon siffra."),
    )

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="uniq_option_code"),
            models.UniqueConstraint(fields=["question", "order"], name="uniq_option_order"),
        ]

    def __str__(self) -> str:
        return self.label


class Campaign(OpenedClosedRecord):
    """One yearly round (mognadsomgång) of a kommun or of a samverkan/nätverk."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("enkät"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="maturity_campaigns",
        verbose_name=_("kommun"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="maturity_campaigns",
        verbose_name=_("samverkan/nätverk"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    message = models.TextField(
        _("meddelande till de svarande"),
        blank=True,
        help_text=_("Visas överst i formuläret och i e-postutskicket."),
    )
    answer_by = models.DateField(_("svara senast"), null=True, blank=True)
    history = HistoricalRecords()
    history_kommun = ("kommun", "samverkan__host")  # the audit trail's kommun

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("mognadsomgång")
        verbose_name_plural = _("mognadsomgångar")
        constraints = [
            exactly_one_owner("campaign_exactly_one_owner"),
            models.UniqueConstraint(
                fields=["kommun", "year"],
                condition=Q(kommun__isnull=False),
                name="uniq_campaign_kommun_year",
            ),
            models.UniqueConstraint(
                fields=["samverkan", "year"],
                condition=Q(samverkan__isnull=False),
                name="uniq_campaign_samverkan_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Mognadsomgång')} {self.year} – {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity_campaign", args=[self.pk])

    @property
    def owner(self):
        return self.kommun or self.samverkan

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def is_network(self) -> bool:
        return self.samverkan_id is not None


class Participation(models.Model):
    """A kommun's part in a round: its respondents, its results and whether it shares them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, related_name="maturity_participations"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    shares_by_name = models.BooleanField(
        _("visa resultaten med kommunens namn för nätverket"),
        default=False,
        help_text=_(
            "Annars ser nätverkets samordnare och de andra kommunerna bara det sammanvägda "
            "resultatet."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "kommun__name"]
        verbose_name = _("deltagande kommun")
        verbose_name_plural = _("deltagande kommuner")
        constraints = [
            # One round per kommun and year, so "the kommun's result for a year" is one thing.
            models.UniqueConstraint(fields=["kommun", "year"], name="uniq_participation_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kommun} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity_results", args=[self.pk])


class Respondent(models.Model):
    """One person's form in a round. Personal data: names only for the kommun's IT-strateg."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="respondents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="maturity_forms",
        verbose_name=_("svarande"),
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förvaltning"),
        help_text=_("Tomt: svarar för kommunen som helhet."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("senast sparat"), null=True, blank=True)
    completed_at = models.DateTimeField(_("inskickat"), null=True, blank=True)

    class Meta:
        ordering = ["participation", "forvaltning__name", "user__last_name"]
        verbose_name = _("svarande")
        verbose_name_plural = _("svarande")
        constraints = [
            models.UniqueConstraint(fields=["participation", "user"], name="uniq_respondent")
        ]

    def __str__(self) -> str:
        return f"{self.participation} – {_('svarsformulär')} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity_form", args=[self.pk])


class Answer(models.Model):
    """One answer: a chosen option (several rows for multiple choice) or a free text."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(_("svar"), blank=True)

    class Meta:
        ordering = ["respondent", "question", "option__order"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question", "option"], name="uniq_answer_option"
            ),
            models.CheckConstraint(
                name="answer_option_or_text",
                condition=Q(option__isnull=False) | ~Q(text=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id}/{self.question_id}"


class GapAction(models.Model):
    """A maturity gap turned into (or linked to) an initiative."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="gap_actions"
    )
    area = models.CharField(_("område"), max_length=30, choices=Area.choices)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="maturity_gaps",
        verbose_name=_("initiativ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participation", "area", "pk"]
        verbose_name = _("initiativ för mognadsgap")
        verbose_name_plural = _("initiativ för mognadsgap")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "area", "initiative"], name="uniq_gap_action"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation} {self.get_area_display()} → {self.initiative}"
