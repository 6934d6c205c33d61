"""Import resource for the system register."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import (
    DocumentationState,
    Hosting,
    Lifecycle,
    SystemCategory,
    SystemKind,
    TechDebt,
    VendorDependency,
    Verksamhetsomrade,
)
from portfolio.imports.resources.base import BATCH_SIZE, KommunNamedResource, _choice, _field
from portfolio.imports.resources.widgets import (
    BooleanWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
)
from portfolio.models import System


class SystemResource(KommunNamedResource):
    name = _field("name", "Namn", TextWidget())
    description = _field("description", "Beskrivning", TextWidget())
    kind = _choice("kind", "Typ", SystemKind.choices)
    category = _choice("category", "Kategori", SystemCategory.choices)
    area = _choice("area", "Verksamhetsområde", Verksamhetsomrade.choices)
    forvaltning = _field("forvaltning", "Förvaltning")
    owner = _field("owner", "Systemägare")
    manager = _field("manager", "Systemförvaltare")
    supplier = _field("supplier", "Leverantör")
    hosting = _choice("hosting", "Drift", Hosting.choices)
    lifecycle = _choice("lifecycle", "Livscykelfas", Lifecycle.choices, default=Lifecycle.I_DRIFT)
    functional_fit = _field("functional_fit", "Funktionell lämplighet", IntegerWidget())
    technical_fit = _field("technical_fit", "Teknisk lämplighet", IntegerWidget())
    tech_debt = _choice("tech_debt", "Teknisk skuld", TechDebt.choices)
    documentation = _choice("documentation", "Dokumentation", DocumentationState.choices)
    vendor_dependency = _choice(
        "vendor_dependency", "Leverantörsberoende", VendorDependency.choices
    )
    confidentiality = _field("confidentiality", "Konfidentialitet", IntegerWidget())
    integrity = _field("integrity", "Riktighet", IntegerWidget())
    availability_class = _field("availability_class", "Tillgänglighet", IntegerWidget())
    classified_on = _field("classified_on", "Klassad datum", DateWidget())
    personal_data = _field("personal_data", "Personuppgifter", BooleanWidget())
    pub_agreement = _field("pub_agreement", "PUB-avtal", BooleanWidget())
    pub_signed_on = _field("pub_signed_on", "PUB-avtal undertecknat", DateWidget())
    user_count = _field("user_count", "Antal användare", IntegerWidget())
    availability_target = _field("availability_target", "Tillgänglighetsmål", DecimalWidget())

    required_columns = ("Namn", "Förvaltning", "Systemägare")
    key_columns = ("Namn",)
    export_related = ("forvaltning", "owner", "manager", "supplier")
    export_order = ("name", "pk")
    lookup_fields = ("kommun", "forvaltning", "owner", "manager", "supplier", "samverkan")

    class Meta:
        model = System
        fields = (
            "name",
            "description",
            "kind",
            "category",
            "area",
            "forvaltning",
            "owner",
            "manager",
            "supplier",
            "hosting",
            "lifecycle",
            "functional_fit",
            "technical_fit",
            "tech_debt",
            "documentation",
            "vendor_dependency",
            "confidentiality",
            "integrity",
            "availability_class",
            "classified_on",
            "personal_data",
            "pub_agreement",
            "pub_signed_on",
            "user_count",
            "availability_target",
        )
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    #: field -> the ImportContext lookup that resolves it by natural key
    lookups = {
        "forvaltning": "forvaltning",
        "owner": "user",
        "manager": "user",
        "supplier": "supplier",
    }

    name_field, name_column = "name", "Namn"

    def derive(self, instance):
        if instance.forvaltning_id:
            instance.kommun_id = instance.forvaltning.kommun_id

    def check_row(self, instance, new):
        if not new and instance.pk not in self._changeable:
            return {"name": _("Du får inte ändra systemet ”%(name)s”.") % {"name": instance.name}}
        if instance.forvaltning_id and not policy.can_add(
            self.context.actor, System, forvaltning=instance.forvaltning
        ):
            return {
                "forvaltning": _("Du får inte registrera system i förvaltningen ”%(name)s”.")
                % {"name": instance.forvaltning.name}
            }
        return {}
