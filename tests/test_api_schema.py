"""The OpenAPI schema (every endpoint, Swedish descriptions, no warnings) and /api/docs/."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from config.api import ROUTES
from tests.factories import KommunFactory, user_with_role
from tests.test_security_csp import assert_strict_csp

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_a_single_warning(tmp_path):
    # --fail-on-warn raises on any warning (an unresolvable field, an enum name clash ...).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
    assert "/api/v1/system/" in (tmp_path / "api.yaml").read_text()


def test_every_endpoint_is_in_the_schema_with_a_swedish_summary():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for prefix, _viewset, _basename in ROUTES:
        assert f"/api/v1/{prefix}/" in paths, prefix
        assert f"/api/v1/{prefix}/{{id}}/" in paths, prefix
    operations = [op for path in paths.values() for op in path.values()]
    assert len(operations) >= 2 * len(ROUTES)
    for op in operations:
        assert op.get("summary"), op["operationId"]
        assert op["tags"][0] in {
            "Organisation",
            "Systemregister",
            "Initiativ",
            "Prioritering",
            "Styrning",
            "Rapporter",
            "Dokumentation",
        }, op["operationId"]
    system = paths["/api/v1/system/"]
    assert system["get"]["summary"] == "System"
    assert "K/R/T" in system["get"]["description"]
    assert system["post"]["summary"] == "Registrera ett system"
    written = schema["components"]["schemas"]["SystemWriteRequest"]["properties"]
    assert written["owner"]["title"] == "Systemägare"
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_the_schema_needs_a_signed_in_user(client):
    assert client.get(reverse("api_schema")).status_code == 401
    client.force_login(user_with_role("it_strateg", kommun=KommunFactory()))
    response = client.get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/initiativ/" in response.json()["paths"]


def test_the_docs_page_renders_from_local_static_files_only(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(user_with_role("it_strateg", kommun=KommunFactory()))
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert_strict_csp(response)
    html = response.content.decode()
    assert 'id="swagger-ui"' in html and "API-dokumentation" in html
    assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    schema_url = re.search(r'data-schema-url="([^"]+)"', html).group(1)
    assert schema_url.startswith(reverse("api_schema"))
