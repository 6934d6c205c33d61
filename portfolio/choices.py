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
