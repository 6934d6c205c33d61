"""The import context: who imports into which kommun, and the lookups every row shares.

Each lookup (förvaltningar, people, systems, suppliers) is loaded once per
import into a dictionary; the resources' widgets resolve natural keys from it.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.models import Forvaltning, Supplier, System


class ImportContext:
    """Who imports into which kommun, and the lookups every row shares."""

    def __init__(self, *, actor, kommun):
        self.actor = actor
        self.kommun = kommun
        self.scope = policy.get_scope(actor)
        self._users = None
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

    def user(self, key: str):
        if self._users is None:
            by_username, by_email = {}, defaultdict(list)
            # Only people with a role in the importing kommun (policy.people) can be named.
            for user in policy.people(kommun_id=self.kommun.pk).only(
                "pk", "username", "email", "first_name", "last_name"
            ):
                by_username[user.username.lower()] = user
                if user.email:
                    by_email[user.email.lower()].append(user)
            self._users = (by_username, by_email)
        by_username, by_email = self._users
        found = by_username.get(key.lower())
        if found is not None:
            return found
        matches = by_email.get(key.lower(), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(
                _("Flera användare har e-postadressen ”%(key)s”. Ange användarnamnet.")
                % {"key": key}
            )
        raise ValueError(
            _(
                "Det finns ingen aktiv användare med roll i %(kommun)s med användarnamn "
                "eller e-post ”%(key)s”."
            )
            % {"kommun": self.kommun.name, "key": key}
        )

    def system(self, name: str) -> System:
        """A system of the kommun that the actor may change (contracts and costs)."""
        if self._systems is None:
            self._systems = defaultdict(list)
            for s in System.objects.filter(kommun=self.kommun).only("pk", "name", "kommun_id"):
                self._systems[s.name.lower()].append(s)
            self._changeable_systems = set(
                policy.restrict(
                    System.objects.filter(kommun=self.kommun), self.actor, policy.CHANGE
                ).values_list("pk", flat=True)
            )
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
        system = matches[0]
        if system.pk not in self._changeable_systems:
            raise ValueError(_("Du får inte ändra systemet ”%(name)s”.") % {"name": name})
        return system

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
