"""Playwright against Debian's Chromium, with an axe scan helper.

No browser is downloaded: Playwright drives /usr/bin/chromium through
``executable_path``. Every page a journey visits goes through ``visit``,
which runs axe-core with the WCAG 2.1 A/AA tags and fails on any violation.
"""

import os

import pytest
from django.core.management import call_command

from tests.conftest import CHROMIUM

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


@pytest.fixture
def demo_live(transactional_db, live_server, settings):
    """Demo data behind a live server, with the demo password enabled."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
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

    def menu(self, section: str, name: str):
        """Follow a main-menu link inside its section (a disclosure menu); no axe run."""
        nav = self.page.get_by_role("navigation", name="Huvudmeny")
        toggle = nav.get_by_role("button", name="Meny")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        button = nav.get_by_role("button", name=section, exact=True)
        if button.count() and button.get_attribute("aria-expanded") != "true":
            button.click()
        nav.get_by_role("link", name=name, exact=True).click()
        self.page.wait_for_load_state()

    def logout(self):
        self.page.get_by_role("button", name="Logga ut").click()
        self.page.wait_for_load_state()


@pytest.fixture
def ui(page, demo_live):
    return Browser(page, demo_live.url)
