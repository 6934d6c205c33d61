"""Content-Security-Policy on every HTML page of the foundation (the lead extends the list)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.models import Kommun

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "img-src": "'self' data:",
}


def parse_csp(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        part = part.strip()
        if part:
            name, _, value = part.partition(" ")
            directives[name] = value.strip()
    return directives


def assert_strict_csp(response):
    header = response.get("Content-Security-Policy")
    assert header, f"no CSP on {response.request['PATH_INFO']}"
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = parse_csp(header)
    for name, value in REQUIRED.items():
        assert directives.get(name) == value, (name, directives.get(name))
    script = directives["script-src"].split()
    assert script[0] == "'self'"
    # django-csp adds 'nonce-…' only when the page used request.csp_nonce.
    assert all(s == "'self'" or s.startswith("'nonce-") for s in script), script
    html = response.content.decode()
    # Inline styles and handlers would be blocked: none may be rendered.
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<style[\s>]", html)
    assert not re.search(r"\son[a-z]+=", html)
    # Every inline script carries this response's nonce.
    found = re.search(r"'nonce-([^']+)'", header)
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" not in tag:
            assert found and f'nonce="{found.group(1)}"' in tag, tag


def test_login_page_has_strict_csp(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict_csp(response)


@pytest.mark.parametrize(
    "username", ["strateg.lysekil", "admin.lysekil", "revisor.lysekil", "fc.lysekil.soc", "admin"]
)
def test_foundation_pages_have_strict_csp(client, demo, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    lysekil = Kommun.objects.get(name="Lysekil")
    urls = [
        reverse("portfolio:home"),
        reverse("portfolio:kommun_list"),
        reverse("portfolio:kommun_detail", args=[lysekil.pk]),
        reverse("portfolio:samverkan_list"),
        reverse("portfolio:role_list"),
        reverse("portfolio:audit_list"),
        reverse("password_change"),
    ]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        assert_strict_csp(response)
        checked += 1
    assert checked >= 4


def test_error_pages_have_csp(client, demo):
    client.force_login(get_user_model().objects.get(username="fc.lysekil.soc"))
    response = client.get(reverse("portfolio:audit_list"))
    assert response.status_code == 403
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    response = client.get("/kommuner/999999/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response


def test_other_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_told_not_to_inject_styles(client):
    html = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in html


def test_nonce_is_configured_for_scripts(settings):
    from csp.constants import NONCE

    assert NONCE in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]


def test_inline_script_with_nonce_gets_it_in_the_header(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">let a = 1;</script>'
    )

    def view(request):
        return HttpResponse(template.render({"request": request}))

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    header = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
