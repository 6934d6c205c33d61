"""Choices of the maturity follow-up (digital mognad, seed 003).

Glossary (code -> Swedish term):
    Questionnaire -> enkät (one version: name and year), Section -> del,
    Question -> fråga, Option -> svarsalternativ, Campaign -> mognadsomgång
    (a yearly round of a kommun or a samverkan/nätverk), Participation ->
    kommunens deltagande i en omgång, Respondent -> svarande (one person's
    form), Answer -> svar, GapAction -> initiativ för ett mognadsgap,
    Area -> område (portföljstyrning, informationssäkerhet ...), level -> nivå
    (1–6 on the six-step scale; "vet inte" has no level).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Mognadsskala (sex steg och vet inte)")
    SINGLE = "single", _("Ett svarsalternativ")
    MULTIPLE = "multiple", _("Flera svarsalternativ")
    TEXT = "text", _("Fritext")


#: The six-step maturity scale of seed 003, plus "vet inte" (no level, never counted).
#: (code, label, level)
MATURITY_SCALE = [
    ("icke_existerande", _("Icke-existerande"), 1),
    ("ostrukturerad", _("Ostrukturerad"), 2),
    ("i_utvecklingsfasen", _("I utvecklingsfasen"), 3),
    ("delvis_etablerad", _("Delvis etablerad"), 4),
    ("val_fungerande", _("Väl fungerande"), 5),
    ("fullt_etablerad", _("Fullt etablerad"), 6),
    ("vet_inte", _("Vet inte"), None),
]
LOWEST_LEVEL, HIGHEST_LEVEL = 1, 6


class Area(models.TextChoices):
    """The areas of the portal that the questions measure (the radar's axes)."""

    PORTFOLJSTYRNING = "portfoljstyrning", _("Portföljstyrning")
    PROJEKTSTYRNING = "projektstyrning", _("Projektstyrning")
    INFORMATIONSHANTERING = "informationshantering", _("Informationshantering")
    INFORMATIONSSAKERHET = "informationssakerhet", _("Informationssäkerhet")
    MALSTYRNING = "malstyrning", _("Målstyrning")
    DIGITAL_MOGNAD = "digital_mognad", _("Självskattad digital mognad")
    FORUM_ROLLER = "forum_roller", _("Forum och roller")
    ARBETSSATT = "arbetssatt", _("Arbetssätt och innovation")
    HINDER = "hinder", _("Hinder")
    KOMPETENS = "kompetens", _("Digital kompetens och beställarkompetens")
    FINANSIERING = "finansiering", _("Finansiering av digitalisering")
    NYTTOREALISERING = "nyttorealisering", _("Nyttokalkyler och nyttorealisering")
    SYSTEMFORVALTNING = "systemforvaltning", _("Systemförvaltning")
    ARKITEKTUR = "arkitektur", _("Arkitekturstyrning")
    INFRASTRUKTUR = "infrastruktur", _("IT-infrastruktur och teknisk skuld")
    SAKER_KOMMUNIKATION = "saker_kommunikation", _("Säker digital kommunikation")
    IT_STOD = "it_stod", _("IT-stöd för verksamheten")
    SAMVERKAN = "samverkan", _("Samverkan")


class Audience(models.TextChoices):
    """Who the 2024 survey asked (seed 003: IT-nära and verksamhetsnära respondenter)."""

    ALL = "", _("Alla svarande")
    IT = "it", _("IT-nära svarande")
    VERKSAMHET = "verksamhet", _("Verksamhetsnära svarande")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")
