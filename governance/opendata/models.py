"""A kommun's open-data publication: which datasets it publishes, under which licence."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.models import Kommun


class Licence(models.TextChoices):
    """The licences a kommun may choose; the value is the SPDX identifier."""

    CC0 = "CC0-1.0", _("CC0 1.0 Universell (fri användning)")
    CC_BY = "CC-BY-4.0", _("CC BY 4.0 (ange källan)")


#: the licence document each licence is identified by (DCAT: dcterms:license)
LICENCE_URLS = {
    Licence.CC0: "http://creativecommons.org/publicdomain/zero/1.0/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
}


class OpenDataPublication(models.Model):
    """What a kommun publishes as open data, without login (one row per kommun).

    The public decisions (the same justerade, non-secret decisions as the
    public decision page) and the system register summary (name, type,
    category, supplier) are published as CSV and JSON under ``licence``.
    No row, or both flags off, means nothing is published.
    """

    kommun = models.OneToOneField(
        Kommun, on_delete=models.CASCADE, related_name="open_data", verbose_name=_("kommun")
    )
    publish_decisions = models.BooleanField(
        _("publicera beslut"),
        default=False,
        help_text=_("Justerade beslut som inte omfattas av sekretess, som CSV och JSON."),
    )
    publish_systems = models.BooleanField(
        _("publicera systemförteckning"),
        default=False,
        help_text=_(
            "Systemens namn, typ, kategori och leverantör. Aldrig K/R/T, kostnader eller personer."
        ),
    )
    licence = models.CharField(
        _("licens"), max_length=20, choices=Licence.choices, default=Licence.CC0
    )
    description = models.TextField(
        _("beskrivning och kontakt"),
        max_length=2000,
        blank=True,
        help_text=_("Visas på den öppna sidan och i katalogbeskrivningen."),
    )
    contact_email = models.EmailField(
        _("kontaktadress"),
        blank=True,
        help_text=_("En funktionsbrevlåda, t.ex. oppnadata@kommun.se, inte en persons adress."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    history_kommun = ("kommun",)

    class Meta:
        verbose_name = _("öppna data")
        verbose_name_plural = _("öppna data")

    def __str__(self) -> str:
        return f"{_('Öppna data')} {self.kommun}"

    @property
    def publishes_anything(self) -> bool:
        return self.publish_decisions or self.publish_systems

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[self.licence]
