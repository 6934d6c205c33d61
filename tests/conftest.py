"""Shared fixtures, service-gated markers and the CI 'no skips' rule.

Markers (see pyproject): ``browser`` needs Chromium, ``postgres`` needs the
suite to run on PostgreSQL, ``redis`` needs Redis and PostgreSQL (a real
worker process shares the test database). Unavailable services skip with a
reason; with PORTAL_FAIL_ON_SKIP=1 (CI) any skip fails the run.
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _skip_reason(item) -> str | None:
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        return "Chromium saknas (installera Debians paket chromium)"
    if item.get_closest_marker("postgres") and not _on_postgres():
        return "kräver PostgreSQL (sätt DB_NAME, se README)"
    if item.get_closest_marker("redis"):
        if not settings.CELERY_BROKER_URL:
            return "kräver Redis och en Celery-worker (sätt CELERY_BROKER_URL)"
        if not _port_open("127.0.0.1", 6379) and "127.0.0.1" in settings.CELERY_BROKER_URL:
            return "Redis svarar inte på 127.0.0.1:6379"
        if not _on_postgres():
            return "workerprocessen måste dela testdatabasen: kör på PostgreSQL"
    return None


def pytest_runtest_setup(item):
    reason = _skip_reason(item)
    if reason:
        pytest.skip(reason)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("PORTAL_FAIL_ON_SKIP") != "1" or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"PORTAL_FAIL_ON_SKIP: {len(skipped)} test(s) skipped; CI provides every service.",
            red=True,
        )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _seed_demo() -> None:
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


def _uses_shared_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """Tests on the shared demo data run last on every worker.

    The demo data is seeded once per worker inside an outer transaction that
    stays open until the session ends (``_shared_demo``). Every test that
    runs before it sees an empty database, as it always did; every demo test
    after it runs in a savepoint that is rolled back. xdist hands each worker
    its tests in collection order, so the stable sort below keeps the
    empty-database and transactional tests ahead of the first demo test.
    """
    items.sort(key=_uses_shared_demo)


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data set, seeded once per worker and rolled back at the end."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        # The demo seeds report files (an adopted handlingsplan): keep them out of ./media.
        with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
            _seed_demo()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(_shared_demo, db):
    """The full demo data set (every app's seeder), shared by the worker's tests.

    Each test runs in a savepoint inside ``_shared_demo``'s transaction and is
    rolled back, so changes never leak between tests. Transactional tests
    (live server, real worker) flush the database, so they can't use this:
    they seed their own copy (see ``tests/browser/conftest.py``).
    """


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
