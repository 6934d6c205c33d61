"""What the IT-bokslut sections share: the key figures (definitions and units),
the lifecycles and statuses counted, and small number helpers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portfolio.choices import (
    InitiativeStatus,
    Lifecycle,
)

ZERO = Decimal(0)
TREND_YEARS = 5


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    unit: str  # "kr", "%", "st"
    definition: str


KEY_FIGURES = [
    KeyFigure(
        "it_cost_total",
        _("IT-kostnad totalt"),
        "kr",
        _(
            "Summan av årets systemkostnader (licens, drift och support, intern personal, "
            "övrigt) för kommunens system och årets kostnader för kommunens initiativ."
        ),
    ),
    KeyFigure(
        "it_cost_per_invanare",
        _("IT-kostnad per invånare"),
        "kr",
        _("IT-kostnad totalt delad med antalet invånare i kommunen det året."),
    ),
    KeyFigure(
        "it_cost_per_anstalld",
        _("IT-kostnad per anställd"),
        "kr",
        _("IT-kostnad totalt delad med antalet anställda i kommunen det året."),
    ),
    KeyFigure(
        "utveckling_share",
        _("Andel utveckling"),
        "%",
        _(
            "Kostnader märkta utveckling som andel av IT-kostnad totalt. Resten är drift "
            "(förvaltning av befintliga system)."
        ),
    ),
    KeyFigure(
        "central_share",
        _("Andel centralt finansierat"),
        "%",
        _(
            "Systemkostnader som betalas av centrala medel eller fördelas på förvaltningarna, "
            "som andel av alla systemkostnader."
        ),
    ),
    KeyFigure(
        "systems_in_use",
        _("System i drift"),
        "st",
        _("Kommunens system i livscykelfas planerad, införande, i drift eller under avveckling."),
    ),
    KeyFigure(
        "systems_without_pub",
        _("System med personuppgifter utan PUB-avtal"),
        "st",
        _("System som innehåller personuppgifter men saknar personuppgiftsbiträdesavtal."),
    ),
    KeyFigure(
        "systems_unclassified",
        _("System utan K/R/T-klassning"),
        "st",
        _("System där konfidentialitet, riktighet eller tillgänglighet inte är klassad."),
    ),
    KeyFigure(
        "availability_met_share",
        _("Andel system som nått tillgänglighetsmålet"),
        "%",
        _(
            "System med uppmätt tillgänglighet minst lika med målet, som andel av system "
            "med både mål och mätvärde för året."
        ),
    ),
    KeyFigure(
        "initiatives_finished",
        _("Avslutade initiativ"),
        "st",
        _("Initiativ som gick över till status avslutad under året."),
    ),
    KeyFigure(
        "benefit_kronor_realised",
        _("Realiserad nytta i kronor"),
        "kr",
        _("Summan av årets registrerade nyttorealisering för nyttor i kronor."),
    ),
    KeyFigure(
        "benefit_hours_realised",
        _("Realiserad nytta i timmar"),
        "h",
        _("Summan av årets registrerade nyttorealisering för frigjord tid i timmar."),
    ),
    KeyFigure(
        "earmarked_used",
        _("Förbrukade öronmärkta medel"),
        "kr",
        _("Förbrukat belopp av årets finansiering från öronmärkta centrala medel."),
    ),
]
KEY_FIGURE_BY_KEY = {k.key: k for k in KEY_FIGURES}

ACTIVE_LIFECYCLES = (
    Lifecycle.PLANERAD,
    Lifecycle.INFORANDE,
    Lifecycle.I_DRIFT,
    Lifecycle.UNDER_AVVECKLING,
)
PLANNED_STATUSES = (
    InitiativeStatus.PRIORITERING,
    InitiativeStatus.BESLUTAD,
    InitiativeStatus.GENOMFORANDE,
)


def _d(value) -> Decimal:
    return value if value is not None else ZERO


def _ratio(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


def _percent(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))
