"""API tokens: hashed, shown once, with an expiry; revoked and expired ones refused; throttling."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portfolio.api import services
from portfolio.api.models import ApiToken
from tests.api_world import api_world
from tests.factories import UserFactory
from tests.test_security_csp import assert_strict_csp

pytestmark = pytest.mark.django_db

SYSTEMS = "/api/v1/system/"


@pytest.fixture
def w():
    return api_world()


def make_token(user, days=30):
    today = timezone.localdate()
    return services.create_api_token(
        actor=user, name="Ekonomisystemet", valid_until=today + datetime.timedelta(days=days)
    )


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_a_hash_of_the_secret_is_stored(w):
    token, secret = make_token(w.strateg)
    assert secret.startswith("ipk_") and len(secret) > 40
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in "".join(str(v) for v in row.values())
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:10]
    # Valid through the chosen day, local time.
    assert token.valid_until == timezone.localdate() + datetime.timedelta(days=30)


def test_the_expiry_is_required_and_capped(w, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.create_api_token(actor=w.strateg, name="x", valid_until=None)
    assert refused.value.message_dict == {"valid_until": ["Ange hur länge nyckeln ska gälla."]}
    with pytest.raises(ValidationError) as refused:
        services.create_api_token(
            actor=w.strateg, name="x", valid_until=today + datetime.timedelta(days=366)
        )
    latest = (today + datetime.timedelta(days=365)).isoformat()
    assert refused.value.message_dict == {
        "valid_until": [f"En nyckel får gälla högst 365 dagar, till {latest}."]
    }
    with pytest.raises(ValidationError):
        services.create_api_token(
            actor=w.strateg, name=" ", valid_until=today - datetime.timedelta(days=1)
        )
    assert not ApiToken.objects.exists()
    make_token(w.strateg, days=365)


def test_a_user_without_a_role_may_not_create_tokens():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_token(UserFactory())


def test_the_token_reads_exactly_what_the_user_sees(client, w):
    token, secret = make_token(w.fc)
    by_token = client.get(SYSTEMS, **bearer(secret)).json()
    client.force_login(w.fc)
    by_session = client.get(SYSTEMS).json()
    assert by_token == by_session and [s["name"] for s in by_token["results"]] == ["Procapita"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(w):
    token, _ = make_token(w.strateg)
    now = timezone.now()
    services.record_token_use(token, now)
    services.record_token_use(token, now + datetime.timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == now
    services.record_token_use(token, now + datetime.timedelta(minutes=2))
    token.refresh_from_db()
    assert token.last_used_at == now + datetime.timedelta(minutes=2)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer ipk_finnsinte", "Ogiltig API-nyckel."),
        ("Bearer", "Ange API-nyckeln så här: Authorization: Bearer <nyckel>."),
        ("Bearer två delar", "Ange API-nyckeln så här: Authorization: Bearer <nyckel>."),
    ],
)
def test_a_bad_token_is_refused(client, w, header, message):
    response = client.get(SYSTEMS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_revoked_and_expired_tokens_are_refused(client, w):
    token, secret = make_token(w.strateg)
    assert client.get(SYSTEMS, **bearer(secret)).status_code == 200
    services.revoke_api_token(actor=w.strateg, token=token)
    response = client.get(SYSTEMS, **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "API-nyckeln är återkallad."}

    token, secret = make_token(w.strateg)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = client.get(SYSTEMS, **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "API-nyckeln har gått ut."}


def test_the_token_of_an_inactive_user_is_refused(client, w):
    _, secret = make_token(w.strateg)
    type(w.strateg).objects.filter(pk=w.strateg.pk).update(is_active=False)
    assert client.get(SYSTEMS, **bearer(secret)).status_code == 401


def test_only_the_owner_revokes_a_token(w):
    token, _ = make_token(w.strateg)
    with pytest.raises(Http404):
        services.revoke_api_token(actor=w.outsider, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_creates_a_token_and_shows_the_secret_once(client, w):
    client.force_login(w.strateg)
    page = client.get(reverse("portfolio:api_tokens"))
    assert page.status_code == 200
    assert "Skapa en nyckel" in page.content.decode()
    assert_strict_csp(page)
    valid_until = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        reverse("portfolio:api_tokens"),
        {"name": "Integration med ekonomisystemet", "valid_until": valid_until.isoformat()},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_strict_csp(response)
    token = ApiToken.objects.get(user=w.strateg)
    secret = response.context["secret"]
    html = response.content.decode()
    assert secret in html and "Kopiera nyckeln nu" in html
    assert token.key_hash == services.hash_key(secret)
    again = client.get(reverse("portfolio:api_tokens")).content.decode()
    assert secret not in again and f"{token.prefix}…" in again
    assert valid_until.isoformat() in again and "Giltig" in again


def test_the_page_refuses_a_bad_expiry_in_swedish(client, w):
    client.force_login(w.strateg)
    too_late = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(
        reverse("portfolio:api_tokens"), {"name": "X", "valid_until": too_late.isoformat()}
    )
    assert response.status_code == 400
    assert "En nyckel får gälla högst 365 dagar" in response.content.decode()
    response = client.post(reverse("portfolio:api_tokens"), {"name": "", "valid_until": ""})
    html = response.content.decode()
    assert "Ange vad nyckeln ska användas till." in html
    assert "Ange hur länge nyckeln ska gälla." in html
    assert not ApiToken.objects.exists()


def test_the_page_revokes_the_users_own_token_only(client, w):
    token, secret = make_token(w.strateg)
    client.force_login(w.outsider)
    response = client.post(reverse("portfolio:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    client.force_login(w.strateg)
    response = client.post(reverse("portfolio:api_token_revoke", args=[token.pk]), follow=True)
    assert "är återkallad och fungerar inte längre" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(SYSTEMS, **bearer(secret)).status_code == 401


def test_a_user_without_a_role_sees_why_and_can_not_post(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("portfolio:api_tokens")).content.decode()
    assert "Du behöver en roll i portalen för att skapa API-nycklar." in page
    response = client.post(
        reverse("portfolio:api_tokens"),
        {"name": "X", "valid_until": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_requests_are_throttled_per_user(client, w, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute"},
    }
    _, secret = make_token(w.strateg)
    statuses = [client.get(SYSTEMS, **bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(SYSTEMS, **bearer(secret))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("För många anrop. Försök igen om ")
    # The session counts against the same user.
    client.force_login(w.strateg)
    assert client.get(SYSTEMS).status_code == 429
    # Another user has their own allowance.
    client.force_login(w.fc)
    assert client.get(SYSTEMS).status_code == 200
    cache.clear()
