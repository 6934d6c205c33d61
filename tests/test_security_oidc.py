"""OpenID Connect login against a fake provider (no network).

The fake provider signs ID tokens with a locally generated RSA key, publishes
it as JWKS and answers the token and userinfo endpoints; ``requests`` is
replaced inside mozilla_django_oidc so nothing leaves the process.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import josepy
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from portfolio.choices import Role
from portfolio.models import RoleAssignment
from portfolio.oidc import PortalOIDCBackend, parse_role_mapping
from portfolio.organisation.services import SSO_CHANGE_REASON
from tests.factories import ForvaltningFactory, KommunFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security_oidc_urls")]

ISSUER = "https://idp.example.test"
CLIENT_ID = "portal-client"


class FakeResponse:
    def __init__(self, data, status=200, url=""):
        self._data = data
        self.status_code = status
        self.url = url
        self.text = json.dumps(data)

    def json(self):
        return self._data

    def raise_for_status(self):
        if self.status_code >= 400:
            raise RuntimeError(self.status_code)


class FakeProvider:
    """Token, userinfo and JWKS endpoints of an OpenID provider, in memory."""

    def __init__(self):
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key = josepy.JWKRSA(key=private)
        self.kid = "test-key-1"
        self.userinfo: dict = {}
        self.nonce = None
        self.token_requests = []

    def jwks(self):
        public = self.key.public_key().to_json()
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self):
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": self.userinfo.get("sub", "sub-1"),
            "iat": int(time.time()),
            "exp": int(time.time()) + 300,
            "nonce": self.nonce,
        }
        jws = josepy.JWS.sign(
            json.dumps(claims).encode(),
            key=self.key,
            alg=josepy.RS256,
            kid=self.kid,
            protect=frozenset(["alg", "kid"]),
        )
        return jws.to_compact().decode()

    def post(self, url, data=None, **kwargs):
        assert url == f"{ISSUER}/token"
        self.token_requests.append(data)
        return FakeResponse(
            {"access_token": "access-1", "id_token": self.id_token(), "token_type": "Bearer"},
            url=url,
        )

    def get(self, url, headers=None, **kwargs):
        if url == f"{ISSUER}/jwks":
            return FakeResponse(self.jwks(), url=url)
        if url == f"{ISSUER}/userinfo":
            assert headers["Authorization"] == "Bearer access-1"
            return FakeResponse(self.userinfo, url=url)
        raise AssertionError(f"unexpected request to {url}")


@pytest.fixture
def kommuner(db):
    lysekil = KommunFactory(name="Lysekil", kommunkod="1484")
    soc = ForvaltningFactory(kommun=lysekil, name="Socialförvaltningen")
    return lysekil, soc


@pytest.fixture
def provider(settings, monkeypatch):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "portfolio.oidc.PortalOIDCBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "test-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_USERNAME_CLAIM = "email"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ROLE_MAPPING = (
        "grp-strateg=it_strateg@kommun:1484;"
        "grp-soc=forvaltningschef@forvaltning:Lysekil/Socialförvaltningen"
    )
    fake = FakeProvider()
    import mozilla_django_oidc.auth as oidc_auth

    monkeypatch.setattr(oidc_auth.requests, "post", fake.post)
    monkeypatch.setattr(oidc_auth.requests, "get", fake.get)
    return fake


def sso_login(client, provider, **userinfo):
    """Run the code flow: /oidc/authenticate/ -> fake provider -> /oidc/callback/."""
    provider.userinfo = {"sub": "sub-1", **userinfo}
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    params = parse_qs(urlparse(response["Location"]).query)
    assert response["Location"].startswith(f"{ISSUER}/authorize")
    provider.nonce = params["nonce"][0]
    return client.get(
        reverse("oidc_authentication_callback"),
        {"code": "auth-code", "state": params["state"][0]},
    )


def active_roles(user):
    return {
        (a.role, a.kommun_id, a.forvaltning_id)
        for a in RoleAssignment.objects.filter(user=user)
        if a.is_active()
    }


def test_first_login_creates_user_with_mapped_roles(client, provider, kommuner):
    lysekil, soc = kommuner
    response = sso_login(
        client,
        provider,
        email="Anna.Andersson@Lysekil.se",
        given_name="Anna",
        family_name="Andersson",
        groups=["grp-strateg", "grp-soc", "grp-unknown"],
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:home")
    user = get_user_model().objects.get(email__iexact="anna.andersson@lysekil.se")
    assert user.username == "anna.andersson@lysekil.se"
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    # Unknown group ignored; the two mapped groups gave two roles.
    assert active_roles(user) == {
        (Role.IT_STRATEG, lysekil.pk, None),
        (Role.FORVALTNINGSCHEF, None, soc.pk),
    }
    history = RoleAssignment.history.filter(user_id=user.pk, history_type="+")
    assert {h.history_change_reason for h in history} == {SSO_CHANGE_REASON}
    assert {h.history_user_id for h in history} == {user.pk}


def test_second_login_matches_existing_user_and_ends_removed_group(client, provider, kommuner):
    lysekil, soc = kommuner
    existing = UserFactory(username="anna", email="anna@lysekil.se")
    # A role given by hand: SSO must never end it.
    manual = RoleAssignment.objects.create(user=existing, role=Role.LASARE, kommun=lysekil)

    sso_login(client, provider, email="ANNA@lysekil.se", groups=["grp-strateg", "grp-soc"])
    assert get_user_model().objects.filter(email__iexact="anna@lysekil.se").count() == 1
    assert active_roles(existing) == {
        (Role.LASARE, lysekil.pk, None),
        (Role.IT_STRATEG, lysekil.pk, None),
        (Role.FORVALTNINGSCHEF, None, soc.pk),
    }

    client.logout()
    sso_login(client, provider, email="anna@lysekil.se", groups=["grp-strateg"])
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert active_roles(existing) == {
        (Role.LASARE, lysekil.pk, None),
        (Role.IT_STRATEG, lysekil.pk, None),
    }
    manual.refresh_from_db()
    assert manual.valid_until is None
    ended = RoleAssignment.objects.get(user=existing, role=Role.FORVALTNINGSCHEF)
    assert ended.valid_until is not None
    last = ended.history.first()
    assert last.history_change_reason == SSO_CHANGE_REASON

    # A third login with the same groups changes nothing.
    client.logout()
    before = RoleAssignment.history.count()
    sso_login(client, provider, email="anna@lysekil.se", groups=["grp-strateg"])
    assert RoleAssignment.history.count() == before


def test_sso_does_not_duplicate_a_manually_given_role(client, provider, kommuner):
    lysekil, _ = kommuner
    user = UserFactory(email="bo@lysekil.se")
    RoleAssignment.objects.create(user=user, role=Role.IT_STRATEG, kommun=lysekil)
    sso_login(client, provider, email="bo@lysekil.se", groups=["grp-strateg"])
    assert RoleAssignment.objects.filter(user=user).count() == 1
    # The group disappears: the manual role stays.
    client.logout()
    sso_login(client, provider, email="bo@lysekil.se", groups=[])
    assert active_roles(user) == {(Role.IT_STRATEG, lysekil.pk, None)}


def test_login_without_the_claim_is_refused(client, provider, kommuner):
    response = sso_login(client, provider, groups=["grp-strateg"])
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.exists()


def test_username_claim_other_than_email(client, provider, kommuner, settings):
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    user = UserFactory(username="cecilia")
    sso_login(client, provider, preferred_username="cecilia", email="x@example.se")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_page_shows_sso_button(client, provider):
    response = client.get(reverse("login"))
    assert "Logga in med kommunens konto (SSO)" in response.content.decode()
    assert reverse("oidc_authentication_init") in response.content.decode()


def test_local_login_disabled_refuses_post(client, provider, settings):
    settings.LOCAL_LOGIN_ENABLED = False
    UserFactory(username="lokal", password="Ett-langt-testlosenord-1")
    page = client.get(reverse("login"))
    html = page.content.decode()
    assert "Logga in med kommunens konto (SSO)" in html
    assert 'name="password"' not in html
    response = client.post(
        reverse("login"), {"username": "lokal", "password": "Ett-langt-testlosenord-1"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_local_login_works_by_default(client, db):
    UserFactory(username="lokal", password="Ett-langt-testlosenord-1")
    html = client.get(reverse("login")).content.decode()
    assert "SSO" not in html
    response = client.post(
        reverse("login"), {"username": "lokal", "password": "Ett-langt-testlosenord-1"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "text",
    [
        "grp",  # no '='
        "grp=it_strateg",  # no scope
        "grp=boss@kommun:1484",  # unknown role
        "grp=it_strateg@region:1484",  # unknown scope kind
        "grp=forvaltningschef@forvaltning:Socialförvaltningen",  # no kommun/
    ],
)
def test_role_mapping_format_is_validated(text):
    with pytest.raises(ImproperlyConfigured):
        parse_role_mapping(text)


def test_role_mapping_parses_several_targets():
    mapping = parse_role_mapping(
        " a=it_strateg@kommun:1484, lasare@kommun:Lysekil ; b=ekonom@samverkan:SML-IT ;"
    )
    assert [(m.group, m.role, m.scope_kind, m.scope_ref) for m in mapping] == [
        ("a", "it_strateg", "kommun", "1484"),
        ("a", "lasare", "kommun", "Lysekil"),
        ("b", "ekonom", "samverkan", "SML-IT"),
    ]


def test_mapping_to_missing_kommun_is_skipped(client, provider, kommuner, settings):
    settings.OIDC_ROLE_MAPPING = "grp=it_strateg@kommun:9999"
    sso_login(client, provider, email="d@lysekil.se", groups=["grp"])
    user = get_user_model().objects.get(email="d@lysekil.se")
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_system_check_reports_bad_mapping(settings):
    from portfolio.oidc import check_oidc_settings

    settings.OIDC_ENABLED = True
    settings.OIDC_ROLE_MAPPING = "nonsense"
    assert any(e.id == "portal.E101" for e in check_oidc_settings())
    settings.OIDC_ENABLED = False
    assert check_oidc_settings() == []


def test_system_check_accepts_complete_configuration_and_flags_missing_jwks(provider):
    from django.conf import settings

    from portfolio.oidc import check_oidc_settings

    assert check_oidc_settings() == []
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    assert [e.id for e in check_oidc_settings()] == ["portal.E103"]


def test_backend_is_a_mozilla_backend():
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    assert issubclass(PortalOIDCBackend, OIDCAuthenticationBackend)


def _run(code_or_args, extra_env):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update(extra_env, DJANGO_SETTINGS_MODULE="config.settings.test")
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


OIDC_ENV = {
    "OIDC_ENABLED": "true",
    "OIDC_RP_CLIENT_ID": "portal",
    "OIDC_RP_CLIENT_SECRET": "s",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
    "OIDC_ROLE_MAPPING": "g1=it_strateg@kommun:1484",
}


@pytest.mark.urls("config.urls")
def test_environment_switches_sso_on_and_off():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.urls import reverse, NoReverseMatch\n"
        "try: print(reverse('oidc_authentication_init'))\n"
        "except NoReverseMatch: print('no-oidc-urls')\n"
        "print('portfolio.oidc.PortalOIDCBackend' in settings.AUTHENTICATION_BACKENDS)"
    )
    on = _run(["-c", probe], OIDC_ENV)
    assert on.stdout.split() == ["/oidc/authenticate/", "True"], on.stderr
    off = _run(["-c", probe], {})
    assert off.stdout.split() == ["no-oidc-urls", "False"], off.stderr


def test_bad_mapping_stops_manage_check():
    result = _run(["manage.py", "check"], {**OIDC_ENV, "OIDC_ROLE_MAPPING": "g1=chef@kommun:1"})
    assert result.returncode != 0
    assert "portal.E101" in result.stderr
    assert _run(["manage.py", "check"], OIDC_ENV).returncode == 0
