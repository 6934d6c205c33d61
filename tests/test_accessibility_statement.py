"""Issue 17: the tillgänglighetsredogörelse, the footer link on every page, pagination links."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import SystemFactory, user_with_role

pytestmark = pytest.mark.django_db

URL = "/tillganglighet/"


def test_statement_is_public_and_follows_diggs_model(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "webb@lysekil.se"
    settings.ACCESSIBILITY_ASSESSED_ON = "2026-10-01"
    assert reverse("portfolio:accessibility") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in html
    assert "delvis förenlig" in html
    assert 'href="mailto:webb@lysekil.se"' in html
    assert "https://www.digg.se/" in html and "Myndigheten för digital förvaltning" in html
    assert "2026-10-01" in html


def test_footer_links_the_statement_on_every_kind_of_page(client, db):
    user = user_with_role("it_strateg", kommun=SystemFactory().kommun)
    pages = [reverse("login"), URL]
    for path in pages:
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'href="{URL}"' in footer, path
    client.force_login(user)
    for path in ("/", "/system/", "/styrning/arshjul/", "/styrning/rad/", "/rapporter/"):
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'href="{URL}"' in footer, path


def test_pagination_links_have_names_and_a_nav(client, db):
    system = SystemFactory()
    for n in range(60):
        SystemFactory(forvaltning=system.forvaltning, name=f"Sys {n:02}")
    client.force_login(user_with_role("it_strateg", kommun=system.kommun))
    html = client.get("/system/").content.decode()
    nav = re.search(r'<nav class="table-pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav and nav.group(1) == "Sidor i listan"
    body = nav.group(2)
    assert "Sida 1 av" in body
    assert 'aria-current="page"' in body
    # every link carries text; the next link says so
    for link in re.findall(r"<a [^>]*>(.*?)</a>", body, re.S):
        assert re.sub(r"<[^>]+>", "", link).strip()
    assert "Nästa" in body and 'rel="next"' in body
    html = client.get("/system/?page=2").content.decode()
    assert "Föregående" in html and "Sida 2 av" in html


def test_superuser_page_keeps_footer(client, db):
    admin = get_user_model().objects.create_superuser("root", "r@example.se", "x")
    client.force_login(admin)
    assert f'href="{URL}"' in client.get("/").content.decode()
