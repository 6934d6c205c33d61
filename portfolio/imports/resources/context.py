"""The import context: who imports into which kommun, and the lookups every row shares.

Each lookup (förvaltningar, people, systems, suppliers) is loaded once per
import into a dictionary; the resources' widgets resolve natural keys from it.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.imports.resources.people import People
from portfolio.models import Forvaltning, Supplier, System


class ImportContext:
    """Who imports into which kommun, and the lookups every row shares."""

    def __init__(self, *, actor, kommun):
        self.actor = actor
        self.kommun = kommun
        self.scope = policy.get_scope(actor)
        self._people = None
        self._forvaltningar = None
        self._systems = None
        self._changeable_systems = None
        self._suppliers = None

    # Förvaltningar of the importing kommun only: a name from another kommun is unknown.
    def forvaltning(self, name: str) -> Forvaltning:
        if self._forvaltningar is None:
            self._forvaltningar = {
                f.name.lower(): f
                for f in Forvaltning.objects.filter(kommun=self.kommun).select_related("kommun")
            }
        try:
            return self._forvaltningar[name.lower()]
        except KeyError:
            raise ValueError(
                _("Förvaltningen ”%(name)s” finns inte i %(kommun)s.")
                % {"name": name, "kommun": self.kommun.name}
            ) from None

    def people(self) -> People:
        if self._people is None:
            # Only people with a role in the importing kommun (policy.people) can be named.
            self._people = People(
                policy.people(kommun_id=self.kommun.pk).only(
                    "pk", "username", "email", "first_name", "last_name"
                ),
                self.kommun,
            )
        return self._people

    def user(self, key: str):
        """A person by username, e-mail or the name the portal shows, among the kommun's people."""
        return self.people().find(key)

    def is_kommun(self, text: str) -> bool:
        """Whether a Kommun cell names the importing kommun (by name or kommunkod)."""
        return text.lower() in (self.kommun.name.lower(), self.kommun.kommunkod)

    def system(self, name: str) -> System:
        """A system of the kommun by name (whether the actor may change it is a row check)."""
        if self._systems is None:
            self._systems = defaultdict(list)
            for s in System.objects.filter(kommun=self.kommun).only("pk", "name", "kommun_id"):
                self._systems[s.name.lower()].append(s)
        matches = self._systems.get(name.lower(), [])
        if not matches:
            raise ValueError(
                _("Systemet ”%(name)s” finns inte i %(kommun)s.")
                % {"name": name, "kommun": self.kommun.name}
            )
        if len(matches) > 1:
            raise ValueError(
                _("Flera system i %(kommun)s heter ”%(name)s”; namnet måste vara unikt.")
                % {"name": name, "kommun": self.kommun.name}
            )
        return matches[0]

    def may_change_system(self, system_id: int) -> bool:
        """Whether the actor may change the system (so add or change its contracts and costs)."""
        if self._changeable_systems is None:
            self._changeable_systems = set(
                policy.restrict(
                    System.objects.filter(kommun=self.kommun), self.actor, policy.CHANGE
                ).values_list("pk", flat=True)
            )
        return system_id in self._changeable_systems

    def supplier(self, name: str) -> Supplier:
        """Suppliers are shared reference data: a new name creates the supplier.

        Only for those the policy lets add suppliers; others must pick an existing one.
        """
        if self._suppliers is None:
            self._suppliers = {s.name.lower(): s for s in Supplier.objects.all()}
        found = self._suppliers.get(name.lower())
        if found is None:
            if not policy.can_add(self.actor, Supplier):
                raise ValueError(
                    _(
                        "Leverantören ”%(name)s” finns inte, och bara IT-strateg eller "
                        "administratör får lägga till leverantörer."
                    )
                    % {"name": name}
                )
            if len(name) > Supplier._meta.get_field("name").max_length:
                raise ValueError(_("Leverantörens namn är för långt."))
            found = Supplier(name=name)
            found._history_user = self.actor
            found.save()
            self._suppliers[name.lower()] = found
        return found
