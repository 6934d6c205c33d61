"""Swedish by default whatever the browser asks; English only through the language switch."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portfolio.choices import Role
from tests.factories import KommunFactory, user_with_role

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def nav_labels(html: str) -> list[str]:
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="[^"]*"[^>]*>([^<]+)</a>', nav)


def test_the_login_page_is_swedish_whatever_the_browser_asks(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert ">Logga in</h1>" in html and "Log in" not in html
    assert response["Content-Language"] == "sv"
    # the switch is there for the visitor who wants English: a POST form with CSRF
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit" name="language" value="en" lang="en"' in html


def test_switching_to_english_and_back(client):
    user = user_with_role(Role.IT_STRATEG, kommun=KommunFactory())
    client.force_login(user)
    swedish = nav_labels(client.get("/").content.decode())
    assert "Översikt" in swedish and "System" in swedish

    response = client.post(reverse("set_language"), {"language": "en", "next": "/system/"})
    assert response.status_code == 302 and response["Location"] == "/system/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    html = response.content.decode()
    assert '<html lang="en">' in html and response["Content-Language"] == "en"
    english = nav_labels(html)
    assert "Overview" in english and "Systems" in english and "Översikt" not in english
    assert (
        "Log out" in html and '<button type="submit" name="language" value="sv" lang="sv"' in html
    )

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv">' in html and nav_labels(html) == swedish


def test_an_unknown_language_cookie_gives_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in html


def test_the_switch_changes_nothing_on_get_and_refuses_foreign_redirects(client):
    client.get(reverse("set_language"), {"language": "en"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_an_english_page_is_never_cached_publicly(client):
    from portfolio.locale import ChosenLanguageMiddleware

    def public(request):
        from django.http import HttpResponse

        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=600"
        return response

    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = ChosenLanguageMiddleware(public)(request)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    swedish = ChosenLanguageMiddleware(public)(RequestFactory().get("/"))
    assert swedish["Cache-Control"] == "public, max-age=600"


def _po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of the translated, non-fuzzy singular entries of a .po file."""
    entries, fuzzy = {}, False
    current: dict[str, str] = {}
    key = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ", "msgctxt ", "msgid_plural ", "msgstr[")):
            key, _, rest = line.partition(" ")
            current[key] = ast.literal_eval(rest)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip():
            if current.get("msgid") and current.get("msgstr") and not fuzzy:
                if "msgctxt" not in current:
                    entries[current["msgid"]] = current["msgstr"]
            current, key, fuzzy = {}, None, False
    return entries


def test_the_compiled_english_catalogue_matches_its_po_file():
    entries = _po_entries(LOCALE / "django.po")
    assert len(entries) >= 150
    with open(LOCALE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = {k: v for k, v in entries.items() if compiled.gettext(k) != v}
    assert not stale, "run `make messages` to compile locale/en/LC_MESSAGES/django.mo"
    for word in ("Översikt", "Logga in", "Spara", "Lägg till", "Filtrera"):
        assert word in entries, word
