"""OpenID Connect login (e.g. Entra ID) and the group-to-role mapping.

Everything is configured by environment variables read in
``config/settings/base.py`` (see SECURITY.md). The backend is only installed
when ``OIDC_ENABLED`` is true.

Role mapping (``OIDC_ROLE_MAPPING``)
------------------------------------
Entries are separated by ``;``. Each entry maps one group (the value found in
the ``OIDC_GROUPS_CLAIM`` claim, e.g. an Entra ID group object id) to one or
more roles, separated by ``,``::

    GROUP=ROLE@SCOPE:REF[,ROLE@SCOPE:REF...]

``ROLE`` is a ``portfolio.choices.Role`` value (``it_strateg``, ``lasare`` ...).
``SCOPE:REF`` is one of:

* ``kommun:1484`` or ``kommun:Lysekil`` (kommunkod or name),
* ``forvaltning:Lysekil/Socialförvaltningen`` (kommun, ``/``, förvaltning name),
* ``samverkan:SML-IT`` (name of the samverkansorganisation).

Example::

    a1b2=it_strateg@kommun:1484;c3d4=forvaltningschef@forvaltning:Lysekil/Socialförvaltningen

Syntax errors and unknown roles are configuration errors (``ImproperlyConfigured``,
reported by a system check at startup). A scope that names a kommun or
förvaltning missing from the database is logged and skipped at login. Groups
without an entry are ignored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from portfolio.choices import Role

logger = logging.getLogger(__name__)

SCOPE_KINDS = ("kommun", "forvaltning", "samverkan")


@dataclass(frozen=True)
class RoleMapping:
    group: str
    role: str
    scope_kind: str  # "kommun", "forvaltning" or "samverkan"
    scope_ref: str


def parse_role_mapping(text: str) -> list[RoleMapping]:
    """Parse ``OIDC_ROLE_MAPPING``; raise ``ImproperlyConfigured`` with the bad entry."""
    result: list[RoleMapping] = []
    for raw in (text or "").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        group, sep, targets = entry.partition("=")
        group = group.strip()
        if not sep or not group or not targets.strip():
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAPPING: entry {entry!r} must look like GROUP=ROLE@SCOPE:REF"
            )
        for target in targets.split(","):
            role, at, scope = target.strip().partition("@")
            kind, colon, ref = scope.partition(":")
            role, kind, ref = role.strip(), kind.strip(), ref.strip()
            if not at or not colon or not ref:
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING: target {target.strip()!r} in entry {entry!r} "
                    "must look like ROLE@SCOPE:REF"
                )
            if role not in Role.values:
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING: unknown role {role!r} in entry {entry!r}; "
                    f"known roles: {', '.join(Role.values)}"
                )
            if kind not in SCOPE_KINDS:
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING: unknown scope {kind!r} in entry {entry!r}; "
                    f"use one of {', '.join(SCOPE_KINDS)}"
                )
            if kind == "forvaltning" and "/" not in ref:
                raise ImproperlyConfigured(
                    f"OIDC_ROLE_MAPPING: förvaltning scope {ref!r} must be KOMMUN/FÖRVALTNING"
                )
            result.append(RoleMapping(group, role, kind, ref))
    return result


def _find_kommun(ref: str):
    from portfolio.models import Kommun

    if ref.isdigit():
        return Kommun.objects.filter(kommunkod=ref).first()
    return Kommun.objects.filter(name__iexact=ref).first()


def resolve_scope(mapping: RoleMapping) -> tuple[int | None, int | None, int | None] | None:
    """``(kommun_id, forvaltning_id, samverkan_id)`` for a mapping, or None if missing."""
    from portfolio.models import Forvaltning, Samverkansorganisation

    if mapping.scope_kind == "kommun":
        kommun = _find_kommun(mapping.scope_ref)
        return (kommun.pk, None, None) if kommun else None
    if mapping.scope_kind == "forvaltning":
        kommun_ref, _, name = mapping.scope_ref.partition("/")
        kommun = _find_kommun(kommun_ref.strip())
        forvaltning = (
            Forvaltning.objects.filter(kommun=kommun, name__iexact=name.strip()).first()
            if kommun
            else None
        )
        return (None, forvaltning.pk, None) if forvaltning else None
    samverkan = Samverkansorganisation.objects.filter(name__iexact=mapping.scope_ref).first()
    return (None, None, samverkan.pk) if samverkan else None


def wanted_roles(claims: dict, mappings: list[RoleMapping] | None = None) -> set[tuple]:
    """The role assignments the user's group claims ask for."""
    if mappings is None:
        mappings = parse_role_mapping(settings.OIDC_ROLE_MAPPING)
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    groups = {str(g) for g in groups}
    wanted = set()
    for mapping in mappings:
        if mapping.group not in groups:
            continue
        scope = resolve_scope(mapping)
        if scope is None:
            logger.warning(
                "OIDC_ROLE_MAPPING: %s:%s not found; role %s for group %s skipped",
                mapping.scope_kind,
                mapping.scope_ref,
                mapping.role,
                mapping.group,
            )
            continue
        wanted.add((mapping.role, *scope))
    return wanted


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Match users on ``OIDC_USERNAME_CLAIM``, create them, and sync their SSO roles."""

    def _claim_value(self, claims) -> str:
        return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()

    def verify_claims(self, claims) -> bool:
        return bool(self._claim_value(claims))

    def filter_users_by_claims(self, claims):
        value = self._claim_value(claims)
        if not value:
            return self.UserModel.objects.none()
        if settings.OIDC_USERNAME_CLAIM == "email":
            return self.UserModel.objects.filter(email__iexact=value)
        return self.UserModel.objects.filter(username=value)

    def get_username(self, claims) -> str:
        value = self._claim_value(claims)
        return (value.lower() if settings.OIDC_USERNAME_CLAIM == "email" else value)[:150]

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self.get_username(claims),
            email=claims.get("email", ""),
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
        )
        user.set_unusable_password()  # SSO users never log in locally
        user.save(update_fields=["password"])
        self._sync_roles(user, claims)
        return user

    def update_user(self, user, claims):
        self._sync_roles(user, claims)
        return user

    def _sync_roles(self, user, claims) -> None:
        from portfolio.organisation.services import sync_sso_role_assignments

        sync_sso_role_assignments(user=user, wanted=wanted_roles(claims))


@checks.register(checks.Tags.security)
def check_oidc_settings(app_configs=None, **kwargs):
    """Report a malformed OIDC configuration at startup rather than at first login."""
    if not getattr(settings, "OIDC_ENABLED", False):
        return []
    errors = []
    try:
        parse_role_mapping(settings.OIDC_ROLE_MAPPING)
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="portal.E101"))
    for name in (
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
    ):
        if not getattr(settings, name, ""):
            errors.append(checks.Error(f"OIDC_ENABLED needs {name}", id="portal.E102"))
    if settings.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not getattr(
        settings, "OIDC_OP_JWKS_ENDPOINT", ""
    ):
        errors.append(
            checks.Error(
                f"OIDC_RP_SIGN_ALGO={settings.OIDC_RP_SIGN_ALGO} needs OIDC_OP_JWKS_ENDPOINT",
                id="portal.E103",
            )
        )
    return errors
