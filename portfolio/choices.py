"""Choices with Swedish labels. Codes are stable English-ish identifiers.

Glossary (code -> Swedish term):
    Kommun -> kommun, Forvaltning -> förvaltning, Samverkansorganisation ->
    samverkansorganisation (shared IT organisation or collaboration),
    RoleAssignment -> rolltilldelning.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    IT_STRATEG = "it_strateg", _("IT-strateg")
    KOMMUNDIREKTOR = "kommundirektor", _("Kommundirektör/kommunchef")
    FORVALTNINGSCHEF = "forvaltningschef", _("Förvaltningschef")
    SYSTEMAGARE = "systemagare", _("Systemägare")
    SYSTEMFORVALTARE = "systemforvaltare", _("Systemförvaltare")
    STYRGRUPPSLEDAMOT = "styrgruppsledamot", _("Styrgruppsledamot")
    EKONOM = "ekonom", _("Ekonom")
    LASARE = "lasare", _("Läsare (t.ex. revisor)")
    ADMINISTRATOR = "administrator", _("Administratör")


class ForvaltningKind(models.TextChoices):
    KOMMUNLEDNINGSKONTOR = "kommunledningskontor", _("Kommunledningskontor")
    FORVALTNING = "forvaltning", _("Förvaltning")
    BOLAG = "bolag", _("Kommunalt bolag")
    FORBUND = "forbund", _("Kommunalförbund")


class SamverkanKind(models.TextChoices):
    IT_ORGANISATION = "it_organisation", _("Gemensam IT-organisation")
    BOLAG = "bolag", _("Kommunägt IT-bolag")
    NATVERK = "natverk", _("Samverkan/nätverk")


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("Inloggning")
    LOGOUT = "logout", _("Utloggning")
    FAILED = "failed", _("Misslyckad inloggning")


# --- System register ---------------------------------------------------------


class SystemKind(models.TextChoices):
    KOMMUNGEMENSAMT = "kommungemensamt", _("Kommungemensamt system")
    VERKSAMHETSSYSTEM = "verksamhetssystem", _("Verksamhetssystem")


class SystemCategory(models.TextChoices):
    EKONOMI = "ekonomi", _("Ekonomisystem")
    RAPPORT = "rapport", _("Rapport/uppföljning")
    LON_PA = "lon_pa", _("Lön/PA")
    EPOST = "epost", _("E-post")
    GIS = "gis", _("GIS")
    BEFOLKNINGSREGISTER = "befolkningsregister", _("Befolkningsregister")
    FASTIGHETSREGISTER = "fastighetsregister", _("Fastighetsregister")
    DIARIUM = "diarium", _("Diarium/ärendehantering")
    IT_PLATTFORM = "it_plattform", _("IT-plattform")
    WEBBPLATS = "webbplats", _("Webbplats")
    E_TJANSTEPLATTFORM = "e_tjansteplattform", _("E-tjänsteplattform")
    INTRANAT = "intranat", _("Intranät")
    VERKSAMHETSSYSTEM = "verksamhetssystem", _("Verksamhetssystem")
    OVRIGT = "ovrigt", _("Övrigt")


class Verksamhetsomrade(models.TextChoices):
    """The ten areas of seed 003."""

    ADMINISTRATION = "administration", _("Administration och kommunikation")
    SOCIALTJANST = "socialtjanst", _("Socialtjänst, vård och omsorg")
    UTBILDNING = "utbildning", _("Utbildning och skola")
    SAMHALLSBYGGNAD = "samhallsbyggnad", _("Samhällsbyggnad")
    KULTUR_FRITID = "kultur_fritid", _("Kultur och fritid")
    KOMMUNSTYRELSE = "kommunstyrelse", _("Kommunstyrelse och politik")
    EKONOMI = "ekonomi", _("Ekonomi")
    HR = "hr", _("HR och personal")
    NARINGSLIV = "naringsliv", _("Näringsliv")
    IT = "it", _("IT")


class Hosting(models.TextChoices):
    EGEN_DRIFT = "egen_drift", _("Egen drift")
    SAMVERKAN = "samverkan", _("Gemensam IT-organisation")
    SAAS = "saas", _("SaaS/molntjänst")


class Lifecycle(models.TextChoices):
    PLANERAD = "planerad", _("Planerad")
    INFORANDE = "inforande", _("Införande")
    I_DRIFT = "i_drift", _("I drift")
    UNDER_AVVECKLING = "under_avveckling", _("Under avveckling")
    AVVECKLAD = "avvecklad", _("Avvecklad")
    ARKIV = "arkiv", _("Endast läsning/arkiv")


class TimeClass(models.TextChoices):
    """Gartner TIME, derived from functional and technical fit (1–4)."""

    TOLERERA = "tolerera", _("Tolerera")
    INVESTERA = "investera", _("Investera")
    MIGRERA = "migrera", _("Migrera")
    ELIMINERA = "eliminera", _("Eliminera")


class TechDebt(models.TextChoices):
    INGEN = "ingen", _("Ingen")
    LAG = "lag", _("Låg")
    MEDEL = "medel", _("Medel")
    HOG = "hog", _("Hög")
    EXTREMT_HOG = "extremt_hog", _("Extremt hög")


class DocumentationState(models.TextChoices):
    SAKNAS = "saknas", _("Saknas")
    BRISTFALLIG = "bristfallig", _("Bristfällig")
    TILLRACKLIG = "tillracklig", _("Tillräcklig")
    GOD = "god", _("God")


class VendorDependency(models.TextChoices):
    LAG = "lag", _("Låg")
    MEDEL = "medel", _("Medel")
    HOG = "hog", _("Hög")


class IntegrationDirection(models.TextChoices):
    UT = "ut", _("Från källa till mål")
    BADA = "bada", _("Åt båda hållen")


class RenewalType(models.TextChoices):
    AUTOMATISK = "automatisk", _("Automatisk förlängning")
    UTTRYCKLIG = "uttrycklig", _("Uttrycklig förlängning")


class ContractStatus(models.TextChoices):
    AKTIVT = "aktivt", _("Aktivt")
    UPPSAGNINGSPERIOD = "uppsagningsperiod", _("I uppsägningsperiod")
    UTGANGET = "utganget", _("Utgånget")


class CostType(models.TextChoices):
    LICENS = "licens", _("Licens")
    DRIFT_SUPPORT = "drift_support", _("Drift och support")
    INTERN_PERSONAL = "intern_personal", _("Intern personal")
    OVRIGT = "ovrigt", _("Övrigt")


class CostNature(models.TextChoices):
    DRIFT = "drift", _("Drift")
    UTVECKLING = "utveckling", _("Utveckling")


class Payer(models.TextChoices):
    FORVALTNING = "forvaltning", _("Förvaltning")
    CENTRAL = "central", _("Centrala medel")
    FORDELAD = "fordelad", _("Fördelad på förvaltningarna")


# --- Initiative register -----------------------------------------------------


class InitiativeKind(models.TextChoices):
    E_TJANST = "e_tjanst", _("E-tjänst")
    SYSTEMINKOP = "systeminkop", _("Systeminköp")
    SYSTEMUPPGRADERING = "systemuppgradering", _("Systemuppgradering")
    VERKSAMHETSUTVECKLING = "verksamhetsutveckling", _("Verksamhetsutveckling")
    INFRASTRUKTUR = "infrastruktur", _("Infrastruktur")
    AUTOMATISERING = "automatisering", _("Automatisering/AI")
    OVRIGT = "ovrigt", _("Övrigt")


class InitiativeStatus(models.TextChoices):
    IDE = "ide", _("Idé")
    KVALIFICERING = "kvalificering", _("Kvalificering")
    PRIORITERING = "prioritering", _("Prioritering")
    BESLUTAD = "beslutad", _("Beslutad")
    GENOMFORANDE = "genomforande", _("Genomförande")
    AVSLUTAD = "avslutad", _("Avslutad (i drift)")
    AVSLAGEN = "avslagen", _("Avslagen")
    AVBRUTEN = "avbruten", _("Avbruten")


# Allowed moves. Governance decisions also move "beslutad"/"avslagen" and
# send återremiss back to "kvalificering" (beredning).
INITIATIVE_TRANSITIONS: dict[str, frozenset[str]] = {
    InitiativeStatus.IDE: frozenset({InitiativeStatus.KVALIFICERING, InitiativeStatus.AVBRUTEN}),
    InitiativeStatus.KVALIFICERING: frozenset(
        {
            InitiativeStatus.PRIORITERING,
            InitiativeStatus.IDE,
            InitiativeStatus.AVSLAGEN,
            InitiativeStatus.AVBRUTEN,
        }
    ),
    InitiativeStatus.PRIORITERING: frozenset(
        {
            InitiativeStatus.BESLUTAD,
            InitiativeStatus.KVALIFICERING,
            InitiativeStatus.AVSLAGEN,
            InitiativeStatus.AVBRUTEN,
        }
    ),
    InitiativeStatus.BESLUTAD: frozenset(
        {InitiativeStatus.GENOMFORANDE, InitiativeStatus.KVALIFICERING, InitiativeStatus.AVBRUTEN}
    ),
    InitiativeStatus.GENOMFORANDE: frozenset(
        {InitiativeStatus.AVSLUTAD, InitiativeStatus.AVBRUTEN}
    ),
    InitiativeStatus.AVSLUTAD: frozenset(),
    InitiativeStatus.AVSLAGEN: frozenset(),
    InitiativeStatus.AVBRUTEN: frozenset(),
}


class BenefitKind(models.TextChoices):
    KRONOR = "kronor", _("Kronor")
    TIMMAR = "timmar", _("Frigjord tid (timmar)")
    KVALITATIV = "kvalitativ", _("Kvalitativ")


class InitiativeCostKind(models.TextChoices):
    INVESTERING = "investering", _("Investering")
    LOPANDE = "lopande", _("Löpande kostnad")


class FinancingSource(models.TextChoices):
    EGEN_BUDGET = "egen_budget", _("Förvaltningens egen budget")
    ORONMARKTA = "oronmarkta", _("Öronmärkta centrala medel")
    STATSBIDRAG = "statsbidrag", _("Statsbidrag")
    EU = "eu", _("EU-medel")
    PARTNER = "partner", _("Samverkanspartner")


class BudgetStatus(models.TextChoices):
    """A multi-year IT budget version (seed 004): proposed, then decided and frozen."""

    FORSLAG = "forslag", _("Förslag")
    BESLUTAD = "beslutad", _("Beslutad")


class BudgetKind(models.TextChoices):
    INVESTERING = "investering", _("Investering")
    DRIFT = "drift", _("Drift")


class BudgetOwner(models.TextChoices):
    IT_ENHET = "it_enhet", _("IT-enheten")
    FORVALTNING = "forvaltning", _("Förvaltning")
    SAMVERKAN = "samverkan", _("Samverkan")


class CollaborationType(models.TextChoices):
    GEMENSAMT_SYSTEM = "gemensamt_system", _("Gemensamt system")
    GEMENSAM_UPPHANDLING = "gemensam_upphandling", _("Gemensam upphandling")
    GEMENSAM_UTVECKLING = "gemensam_utveckling", _("Gemensam utveckling")
    ERFARENHETSUTBYTE = "erfarenhetsutbyte", _("Erfarenhetsutbyte")


class SystemRelation(models.TextChoices):
    INFOR = "infor", _("Inför")
    ERSATTER = "ersatter", _("Ersätter")
    ANDRAR = "andrar", _("Ändrar")
    AVVECKLAR = "avvecklar", _("Avvecklar")


class Rag(models.TextChoices):
    GRON = "gron", _("Grön")
    GUL = "gul", _("Gul")
    ROD = "rod", _("Röd")


class PdfVariant(models.TextChoices):
    PDFA_3U = "pdf/a-3u", _("PDF/A-3u (arkivformat)")
    PDF = "pdf", _("PDF")


# --- Import ---------------------------------------------------------------------


class ImportKind(models.TextChoices):
    SYSTEM = "system", _("System")
    CONTRACT = "contract", _("Avtal")
    SYSTEM_COST = "systemcost", _("Systemkostnader")
    INITIATIVE = "initiative", _("Initiativ")
    BUDGET_OUTCOME = "budget_outcome", _("Budgetutfall")
    RENTAL_COUNT = "rentalcount", _("Hyrd utrustning")


class ImportStage(models.TextChoices):
    PREVIEW = "preview", _("Förhandsgranskning")
    IMPORT = "import", _("Import")


# The status of an import job is portfolio.jobs.JobStatus (shared by all jobs).
