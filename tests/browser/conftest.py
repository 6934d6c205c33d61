"""Playwright against Debian's Chromium, with an axe scan helper.

No browser is downloaded: Playwright drives /usr/bin/chromium through
``executable_path``. Every page a journey visits goes through ``visit``,
which runs axe-core with the WCAG 2.1 A/AA tags and fails on any violation.
"""

import os

import pytest

from tests.conftest import CHROMIUM, _seed_demo

# Playwright's sync API runs an event loop; the ORM calls in fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _reset_process_caches() -> None:
    """Forget what this process cached of the database it no longer has."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


class DemoSnapshot:
    """The seeded demo database, kept as a PostgreSQL template per worker.

    Seeding the demo takes 15–30 s; copying a template database takes well
    under a second. The first journey of a worker seeds the test database
    and copies it to ``<test database>_demo``; every later journey replaces
    the (flushed) test database with a fresh copy of that template, so each
    journey still starts from the same demo data and nothing leaks between
    them. On SQLite every journey seeds its own copy, as before.
    """

    def __init__(self):
        self.template: str | None = None

    def load(self) -> None:
        from django.db import connection, connections

        if connection.vendor != "postgresql":
            _seed_demo()
            return
        name = connection.settings_dict["NAME"]
        if self.template is None:
            _seed_demo()
            connections.close_all()
            with connection._nodb_cursor() as cursor:
                self._terminate(cursor, name)
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}_demo"')
                cursor.execute(f'CREATE DATABASE "{name}_demo" TEMPLATE "{name}"')
            self.template = f"{name}_demo"
        else:
            connections.close_all()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        _reset_process_caches()

    @staticmethod
    def _terminate(cursor, name: str) -> None:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )

    def drop(self) -> None:
        from django.db import connection

        if self.template:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    snapshot = DemoSnapshot()
    snapshot.media_root = tmp_path_factory.mktemp("demo-live-media")
    yield snapshot
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture
def demo_live(transactional_db, live_server, settings, _demo_snapshot):
    """Demo data behind a live server, with the demo password enabled.

    The demo's stored files (an adopted handlingsplan) live in one media
    folder per worker, so the template's rows and the files stay together.
    """
    settings.DEBUG = True
    settings.MEDIA_ROOT = _demo_snapshot.media_root
    _demo_snapshot.load()
    return live_server


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        pytest.fail(f"axe violations on {page.url}:\n{results.generate_report()}")


class Browser:
    """A small helper bound to one page and one live server."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []

    def visit(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self):
        self.page.wait_for_load_state("networkidle")
        assert_accessible(self.page)
        self.visited.append(self.page.url)

    def login(self, username: str, password: str = "demo"):
        self.page.goto(self.base_url + "/konto/login/")
        self.check()
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url(lambda url: "/konto/login/" not in url)
        self.check()

    def logout(self):
        self.page.get_by_role("button", name="Logga ut").click()
        self.page.wait_for_load_state()


@pytest.fixture
def ui(page, demo_live):
    return Browser(page, demo_live.url)
