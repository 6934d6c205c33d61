"""Choices of the governance app (seed 004 and the councils of seeds 001-003).

Glossary (code -> Swedish term):
    Council -> råd/grupp, CouncilMember -> ledamot, Meeting -> sammanträde,
    AgendaItem -> punkt på föredragningslistan, Case -> ärende,
    CaseEvent -> händelse i ärendets historik, Decision -> beslut (§),
    sign -> justera, minutes -> protokoll, opinion -> yttrande,
    consultation -> samråd, delegation decision -> delegationsbeslut,
    AnnualMilestone -> punkt i årshjulet, Recusal -> jäv, ITPlan -> IT-plan
    (per nämnd/förvaltning), ITPlanStatus -> utkast/inlämnad/behandlad/fastställd,
    omedelbar justering -> Decision.adjusted_at (adjust_decision). The minutes
    PDF job uses the shared portfolio.jobs.JobStatus
    (queued/running/done/failed -> köad/pågår/klar/misslyckad).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.jobs import JobStatus


class CouncilKind(models.TextChoices):
    IT_STYRGRUPP = "it_styrgrupp", _("IT-styrgrupp")
    BEREDNINGSGRUPP = "beredningsgrupp", _("IT-strategisk beredningsgrupp")
    SYSTEMAGARGRUPP = "systemagargrupp", _("Systemägargrupp")
    FINANSIERINGSGRUPP = "finansieringsgrupp", _("Finansieringsgrupp")
    E_RAD = "e_rad", _("E-råd")
    IT_RAD = "it_rad", _("IT-råd")
    DIGITALISERINGSRAD = "digitaliseringsrad", _("Digitaliseringsråd")
    CUSTOM = "custom", _("Annat råd eller annan grupp")


class MemberRole(models.TextChoices):
    ORDFORANDE = "ordforande", _("Ordförande")
    SAMMANKALLANDE = "sammankallande", _("Sammankallande")
    LEDAMOT = "ledamot", _("Ledamot")
    ADJUNGERAD = "adjungerad", _("Adjungerad")
    SEKRETERARE = "sekreterare", _("Sekreterare")


#: members who prepare agendas and record decisions
MEETING_EDITOR_ROLES = frozenset({MemberRole.ORDFORANDE, MemberRole.SEKRETERARE})


class MilestoneKind(models.TextChoices):
    IT_BOKSLUT = "it_bokslut", _("IT-bokslut")
    HANDLINGSPLAN = "handlingsplan", _("Handlingsplan")
    BUDGET = "budget", _("Budget")
    IT_PLAN = "it_plan", _("IT-planer")
    OTHER = "other", _("Övrigt")


class CaseKind(models.TextChoices):
    KOMMUNGEMENSAMT = "kommungemensamt", _("Inköp eller ändring av kommungemensamt system")
    VERKSAMHETSSYSTEM = "verksamhetssystem", _("Inköp eller ändring av verksamhetssystem")
    COFINANCING = "cofinancing", _("Ansökan om central medfinansiering")
    OTHER = "other", _("Övrigt ärende")


#: kinds that lead to a procurement (step 4) when approved
PURCHASE_KINDS = frozenset({CaseKind.KOMMUNGEMENSAMT, CaseKind.VERKSAMHETSSYSTEM})


class CaseStatus(models.TextChoices):
    ANMALAN = "anmalan", _("1. Anmälan")
    BEREDNING = "beredning", _("2. Beredning (på remiss)")
    BEREDD = "beredd", _("3. Beredd, väntar på beslut")
    UPPHANDLING = "upphandling", _("4. Beviljat, upphandling")
    AVSLUTAT = "avslutat", _("Avslutat")
    AVSLAGET = "avslaget", _("Avslaget")
    ATERKALLAT = "aterkallat", _("Återkallat")


OPEN_CASE_STATUSES = frozenset(
    {CaseStatus.ANMALAN, CaseStatus.BEREDNING, CaseStatus.BEREDD, CaseStatus.UPPHANDLING}
)


class CaseEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Anmälan registrerad")
    EDITED = "edited", _("Anmälan ändrad")
    CONSULTED = "consulted", _("Samråd med IT-strateg")
    SENT_TO_REMISS = "remiss", _("Skickat på remiss till beredningsgruppen")
    OPINION = "opinion", _("Yttrande från beredningsgruppen")
    URGENT = "urgent", _("Markerat som brådskande")
    ON_AGENDA = "agenda", _("Placerat på föredragningslistan")
    RECORDED = "recorded", _("Beslut registrerat, väntar på justering")
    DECIDED = "decided", _("Beslut")
    DELEGATION = "delegation", _("Delegationsbeslut")
    PROCUREMENT_NOTIFIED = "notified", _("Upphandlingscenter och IT-enhet underrättade")
    ACKNOWLEDGED = "acknowledged", _("Kvittens")
    WITHDRAWN = "withdrawn", _("Återkallat")


class AckParty(models.TextChoices):
    UPPHANDLING = "upphandling", _("Upphandlingscenter")
    IT_ENHET = "it_enhet", _("IT-enhet")


class AgendaItemKind(models.TextChoices):
    CASE = "case", _("Ärende för beslut")
    INFORMATION = "information", _("Informationspunkt")
    PRIORITISATION = "prioritisation", _("Prioriteringsomgång")
    BUDGET = "budget", _("Budgetpunkt")
    OTHER = "other", _("Övrig fråga")


class DecisionType(models.TextChoices):
    BIFALL = "bifall", _("Bifall")
    BIFALL_VILLKOR = "bifall_villkor", _("Bifall med villkor")
    AVSLAG = "avslag", _("Avslag")
    ATERREMISS = "aterremiss", _("Återremiss")
    BORDLAGGNING = "bordlaggning", _("Bordläggning")


APPROVALS = frozenset({DecisionType.BIFALL, DecisionType.BIFALL_VILLKOR})


#: Meeting.minutes_status before the minutes are justerade: no MinutesJob exists
#: yet, so it is not part of portfolio.jobs.JobStatus.
MINUTES_NOT_REQUESTED = ""

#: labels of Meeting.minutes_status: "not requested" plus the shared job statuses
MINUTES_STATUS_CHOICES = [(MINUTES_NOT_REQUESTED, _("Inget protokoll skapat")), *JobStatus.choices]


class ITPlanStatus(models.TextChoices):
    """The IT-plan's steps (seed 002): the förvaltning writes, submits, the styrgrupp treats it."""

    UTKAST = "utkast", _("Utkast")
    INLAMNAD = "inlamnad", _("Inlämnad")
    BEHANDLAD = "behandlad", _("Behandlad av IT-styrgruppen")
    FASTSTALLD = "faststalld", _("Fastställd")


class SystemChange(models.TextChoices):
    """What an IT-plan intends to do with a system."""

    UPPHANDLA = "upphandla", _("Upphandla nytt system")
    ERSATTA = "ersatta", _("Ersätta")
    UPPGRADERA = "uppgradera", _("Uppgradera")
    AVVECKLA = "avveckla", _("Avveckla")
