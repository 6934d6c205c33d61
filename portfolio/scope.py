"""Who the user is, in the policy's terms: their role grants, flattened per kommun.

``get_scope(user)`` computes the ``UserScope`` once per request (cached on the
user object). The samverkan meanings ("takes part", "acts for") are
documented in ``portfolio.policy``, which is the module to import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Grant:
    role: str
    kommun_id: int
    forvaltning_id: int | None = None  # None: the whole kommun
    samverkan_id: int | None = None  # set when the grant came from a samverkan scope


@dataclass
class UserScope:
    """The user's active role assignments, flattened to per-kommun grants."""

    user_id: int | None
    is_superuser: bool = False
    grants: list[Grant] = field(default_factory=list)
    partner_kommun_ids: frozenset[int] = frozenset()
    #: every samverkan touching the user's kommuner: id -> (host id, member and host ids)
    samverkan: dict[int, tuple[int, frozenset[int]]] = field(default_factory=dict)
    #: (role, samverkan id) of roles held for a network (SamverkanKind.NATVERK): they act
    #: for the network itself and are never a role in its member kommuner
    network_grants: frozenset[tuple[str, int]] = frozenset()

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def roles(self) -> set[str]:
        """The user's roles in kommuner (a network role is in ``network_ids()``)."""
        return {g.role for g in self.grants}

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or any(g.role in roles for g in self.grants)

    def kommun_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Kommuner where the user holds a kommun-wide grant (optionally of ``roles``)."""
        wanted = set(roles) if roles is not None else None
        return {
            g.kommun_id
            for g in self.grants
            if g.forvaltning_id is None and (wanted is None or g.role in wanted)
        }

    def forvaltning_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Förvaltningar where the user holds a förvaltning-scoped grant."""
        wanted = set(roles) if roles is not None else None
        return {
            g.forvaltning_id
            for g in self.grants
            if g.forvaltning_id is not None and (wanted is None or g.role in wanted)
        }

    def member_kommun_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Every kommun the user works in, at any scope."""
        wanted = set(roles) if roles is not None else None
        return {g.kommun_id for g in self.grants if wanted is None or g.role in wanted}

    def samverkan_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Samverkan organisations where the user holds a samverkan-wide grant."""
        wanted = set(roles) if roles is not None else None
        return {
            g.samverkan_id
            for g in self.grants
            if g.samverkan_id and (wanted is None or g.role in wanted)
        } | {sid for role, sid in self.network_grants if wanted is None or role in wanted}

    def network_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Networks (SamverkanKind.NATVERK) where the user holds a network-wide role."""
        wanted = set(roles) if roles is not None else None
        return {sid for role, sid in self.network_grants if wanted is None or role in wanted}

    def partner_samverkan_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Samverkan organisations the user **takes part in** (the reading meaning).

        A role (of ``roles``) at any scope in a member or host kommun, or a
        samverkan-wide role.
        """
        kommuner = self.member_kommun_ids(roles)
        return self.samverkan_ids(roles) | {
            sid for sid, (_host, members) in self.samverkan.items() if members & kommuner
        }

    def acting_samverkan_ids(self, roles: Iterable[str]) -> set[int]:
        """Samverkan organisations the user **acts for** with ``roles`` (adding, changing).

        A samverkan-wide grant of the role, the role kommun-wide in the host
        kommun (it runs the shared IT organisation), or the role kommun-wide
        in every member kommun.
        """
        kommuner = self.kommun_ids(roles)
        return self.samverkan_ids(roles) | {
            sid
            for sid, (host, members) in self.samverkan.items()
            if host in kommuner or (members and members <= kommuner)
        }

    def visible_kommun_ids(self) -> set[int]:
        """Kommuner whose basic information the user may read: own and samverkan partners."""
        return self.member_kommun_ids() | set(self.partner_kommun_ids)


def _load_scope(user) -> UserScope:
    """The user's grants. A role held for a samverkan applies in each member kommun

    (SML-IT's IT-strateg serves Lysekil, Sotenäs and Munkedal), except a role
    for a network (SamverkanKind.NATVERK, e.g. Fyrbodal's digitaliseringsnätverk):
    a network coordinator runs the network's own work and sees what the
    kommuner share, and holds no role in the 14 kommuner themselves.
    """
    from portfolio.choices import SamverkanKind
    from portfolio.models import RoleAssignment, Samverkansorganisation

    if user is None or not user.is_authenticated:
        return UserScope(user_id=None)
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("forvaltning")
    )
    grants: list[Grant] = []
    samverkan_roles: list[tuple[str, int]] = []
    for a in assignments:
        if a.kommun_id:
            grants.append(Grant(a.role, a.kommun_id))
        elif a.forvaltning_id:
            grants.append(Grant(a.role, a.forvaltning.kommun_id, a.forvaltning_id))
        else:
            samverkan_roles.append((a.role, a.samverkan_id))
    network_grants: set[tuple[str, int]] = set()
    if samverkan_roles:
        members: dict[int, set[int]] = {}
        networks: set[int] = set()
        for s in Samverkansorganisation.objects.filter(
            pk__in={sid for _, sid in samverkan_roles}
        ).prefetch_related("members"):
            members[s.pk] = {m.pk for m in s.members.all()} | {s.host_id}
            if s.kind == SamverkanKind.NATVERK:
                networks.add(s.pk)
        for role, sid in samverkan_roles:
            if sid in networks:
                network_grants.add((role, sid))
                continue
            grants.extend(
                Grant(role, kid, samverkan_id=sid) for kid in sorted(members.get(sid, ()))
            )
    own = {g.kommun_id for g in grants}
    network_ids = {sid for _role, sid in network_grants}
    samverkan: dict[int, tuple[int, frozenset[int]]] = {}
    if own or network_ids:
        for s in (
            Samverkansorganisation.objects.filter(
                Q(members__in=own) | Q(host__in=own) | Q(pk__in=network_ids)
            )
            .distinct()
            .prefetch_related("members")
        ):
            samverkan[s.pk] = (s.host_id, frozenset({m.pk for m in s.members.all()} | {s.host_id}))
    partners = set().union(*(members for _host, members in samverkan.values()))
    return UserScope(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        grants=grants,
        partner_kommun_ids=frozenset(partners - own),
        samverkan=samverkan,
        network_grants=frozenset(network_grants),
    )


def get_scope(user) -> UserScope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return UserScope(user_id=None)
    cached = getattr(user, "_portal_scope", None)
    if cached is None:
        cached = _load_scope(user)
        user._portal_scope = cached
    return cached


def forget_scope(user) -> None:
    """Drop the cached scope, e.g. after the user's roles changed."""
    if hasattr(user, "_portal_scope"):
        del user._portal_scope
