"""Hardening: axes lockout, session timeout and rotation, password validators."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Ett-langt-testlosenord-1"


def login(client, username, password, ip="192.0.2.10", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def fail_five_times(client, username, ip="192.0.2.10", **extra):
    for _ in range(4):
        response = login(client, username, "fel-losenord", ip=ip, **extra)
        assert response.status_code == 200  # the form again, with an error
    # The fifth failure reaches the limit and is answered with the lockout page.
    assert login(client, username, "fel-losenord", ip=ip, **extra).status_code == 429


def test_axes_configuration():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME * 60 == 15  # minutes
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_sixth_attempt_is_locked_even_with_right_password(client):
    UserFactory(username="anna", password=PASSWORD)
    fail_five_times(client, "anna")
    response = login(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_ip_and_other_user_are_not_locked(client):
    UserFactory(username="anna", password=PASSWORD)
    UserFactory(username="bertil", password=PASSWORD)
    fail_five_times(client, "anna")
    assert login(client, "anna", PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    assert login(client, "bertil", PASSWORD).status_code == 302


def test_lock_ends_after_the_cool_off(client):
    UserFactory(username="anna", password=PASSWORD)
    fail_five_times(client, "anna")
    assert login(client, "anna", PASSWORD).status_code == 429
    # Let 15 minutes pass: age the recorded attempts.
    past = datetime.timedelta(minutes=15, seconds=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= past
        attempt.save(update_fields=["attempt_time"])
    assert login(client, "anna", PASSWORD).status_code == 302


def test_forged_forwarded_for_does_not_dodge_the_lock(client):
    """Without a proxy (AXES_IPWARE_PROXY_COUNT=0) X-Forwarded-For is ignored."""
    UserFactory(username="anna", password=PASSWORD)
    fail_five_times(client, "anna")
    response = login(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_proxy_count_setting_is_read_from_the_environment():
    from config.env import Env

    assert Env({"AXES_IPWARE_PROXY_COUNT": "1"}).int("AXES_IPWARE_PROXY_COUNT", 0) == 1
    assert django_settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]


def test_session_key_rotates_at_login(client):
    UserFactory(username="anna", password=PASSWORD)
    client.get(reverse("login"))
    client.session.save()
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = session.session_key
    assert login(client, "anna", PASSWORD).status_code == 302
    after = client.session.session_key
    assert after and after != before


def test_session_times_out_after_inactivity(client):
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    UserFactory(username="anna", password=PASSWORD)
    login(client, "anna", PASSWORD)
    response = client.get(reverse("portfolio:home"))
    assert response.status_code == 200
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 8 * 60 * 60  # renewed on every request
    # Expire the stored session as if 8 hours passed without a request.
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("portfolio:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_session_timeout_is_configurable():
    from config.env import Env

    assert Env({"SESSION_TIMEOUT_SECONDS": "900"}).int("SESSION_TIMEOUT_SECONDS", 0) == 900


def test_weak_password_is_refused_in_swedish(client):
    user = UserFactory(username="anna", password=PASSWORD)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "lösenordet är för kort" in html
    assert "minst 12 tecken" in html
    assert "enbart numeriskt" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _production_settings(**extra):
    import importlib
    import os
    from unittest import mock

    env = {
        "SECRET_KEY": "x" * 80,
        "ALLOWED_HOSTS": "portal.example.se",
        "DB_NAME": "p",
        "DB_USER": "p",
        "DB_PASSWORD": "p",
        "DB_HOST": "db",
        "CELERY_BROKER_URL": "redis://r:6379/0",
        "REDIS_CACHE_URL": "redis://r:6379/1",
        **extra,
    }
    import config.env

    with mock.patch.dict(os.environ, env), mock.patch.object(config.env, "env", config.env.Env()):
        import config.settings.base as base

        importlib.reload(base)
        import config.settings.production as production

        production = importlib.reload(production)
    importlib.reload(base)  # back to the test environment
    return production


def test_production_cookie_and_header_settings():
    production = _production_settings()
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_REFERRER_POLICY == "same-origin"
    assert production.DEBUG is False
    assert "'unsafe-inline'" not in str(production.CONTENT_SECURITY_POLICY)


def test_hsts_subdomains_and_preload_only_when_configured():
    plain = _production_settings()
    assert not plain.SECURE_HSTS_INCLUDE_SUBDOMAINS and not plain.SECURE_HSTS_PRELOAD
    assert set(plain.SILENCED_SYSTEM_CHECKS) == {"security.W005", "security.W021"}
    opted = _production_settings(HSTS_INCLUDE_SUBDOMAINS="ja", HSTS_PRELOAD="true")
    assert opted.SECURE_HSTS_INCLUDE_SUBDOMAINS and opted.SECURE_HSTS_PRELOAD
    assert opted.SILENCED_SYSTEM_CHECKS == []


def test_servers_and_workers_default_to_production_settings():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for name in ("wsgi.py", "asgi.py", "celery.py"):
        text = (root / "config" / name).read_text()
        assert 'setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")' in text


def test_every_task_time_limit_lies_below_the_visibility_timeout(settings):
    from config.celery import app, time_limit_problems

    assert time_limit_problems() == []
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.IMPORT_TASK_TIME_LIMIT
    old = app.conf.broker_transport_options
    app.conf.broker_transport_options = {"visibility_timeout": 600}
    try:
        assert any("import" in problem for problem in time_limit_problems())
    finally:
        app.conf.broker_transport_options = old


def test_bad_request_page_is_swedish(client):
    response = client.get("/", HTTP_HOST="bad host name")
    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()
