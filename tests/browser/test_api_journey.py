"""API-nycklar in the browser: create, use from another system, revoke; the docs page."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def api_get(base_url, path, secret):
    request = urllib.request.Request(  # noqa: S310  (the live test server on loopback)
        base_url + path, headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_user_creates_uses_and_revokes_an_api_token(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    page.get_by_role("link", name="API-nycklar").click()
    ui.check()
    assert page.get_by_role("heading", name="API-nycklar", level=1).is_visible()

    # A validity beyond the cap: a Swedish message, the name kept.
    page.get_by_label("Namn").fill("Integration med ekonomisystemet")
    page.get_by_label("Gäller till och med").fill("2099-12-31")
    page.get_by_role("button", name="Skapa nyckel").click()
    ui.check()
    assert "En nyckel får gälla högst 365 dagar" in page.locator("main").inner_text()
    assert page.get_by_label("Namn").input_value() == "Integration med ekonomisystemet"

    latest = page.get_by_label("Gäller till och med").get_attribute("max")
    page.get_by_label("Gäller till och med").fill(latest)
    page.get_by_role("button", name="Skapa nyckel").click()
    ui.check()
    assert "Kopiera nyckeln nu" in page.locator("main").inner_text()
    secret = page.get_by_label("API-nyckel", exact=True).input_value()
    assert secret.startswith("ipk_")

    status, data = api_get(ui.base_url, "/api/v1/system/", secret)
    assert status == 200 and data["count"] > 0

    ui.visit("/konto/api-nycklar/")
    assert secret not in page.content()
    page.get_by_role("button", name="Återkalla Integration med ekonomisystemet").click()
    ui.check()
    assert "är återkallad och fungerar inte längre" in page.locator("main").inner_text()
    status, data = api_get(ui.base_url, "/api/v1/system/", secret)
    assert status == 401 and data == {"detail": "API-nyckeln är återkallad."}


def test_the_docs_page_shows_every_endpoint_without_csp_errors(ui):
    page = ui.page
    problems = []
    # CSP violations are console errors; a missing asset is a failed response.
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    ui.login("sa.lysekil")
    page.goto(ui.base_url + "/api/docs/")
    page.locator(".opblock").first.wait_for()
    page.wait_for_load_state("networkidle")
    text = page.locator("#swagger-ui").inner_text()
    for expected in ("/api/v1/system/", "/api/v1/initiativ/", "/api/v1/beslut/", "Systemregister"):
        assert expected in text
    assert not problems, problems
    from tests.browser.conftest import assert_accessible

    assert_accessible(page)
    # One operation opened: its parameters and responses.
    page.locator("#operations-Systemregister-system_list .opblock-summary-control").click()
    page.get_by_text("Systemen du ser, med avtal").wait_for()
    assert_accessible(page)
