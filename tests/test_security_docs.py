"""SECURITY.md stays true to the policy module."""

import re
from pathlib import Path

from portfolio.choices import Role
from portfolio.initiatives.rules import PROPOSER_ROLES
from portfolio.organisation.rules import AUDIT_ROLES
from portfolio.policy import STEWARD_ROLES

SECURITY_MD = Path(__file__).resolve().parent.parent / "SECURITY.md"


def role_table() -> dict[str, list[str]]:
    rows = {}
    for line in SECURITY_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if match:
            rows[match.group(1)] = [c.strip() for c in match.group(2).split("|")]
    return rows


def test_every_role_is_in_the_table_with_its_label():
    rows = role_table()
    assert set(rows) == set(Role.values)
    for role in Role:
        assert rows[role.value][0] == str(role.label)


def test_table_columns_match_the_policy():
    rows = role_table()
    for role in Role:
        steward, proposer, auditor = rows[role.value][1:4]
        assert (steward == "ja") == (role in STEWARD_ROLES), role
        assert (proposer == "ja") == (role in PROPOSER_ROLES), role
        assert (auditor == "ja") == (role in AUDIT_ROLES), role


def test_security_md_covers_the_required_topics():
    text = SECURITY_MD.read_text(encoding="utf-8")
    for needle in (
        "OIDC_ROLE_MAPPING",
        "LOCAL_LOGIN_ENABLED",
        "Entra ID",
        "pg_dump",
        "pg_restore",
        "MEDIA_ROOT",
        "Reporting a vulnerability",
        "cybersäkerhetslagen",
        "GDPR",
        "24 hours",
        "72 hours",
        "LoginEvent",
        "AccessAttempt",
        "simple-history",
    ):
        assert needle in text, needle
