""" "Finns det redan?": similar systems and initiatives, within the policy."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.choices import Role
from portfolio.organisation.demo import forvaltning, kommun
from portfolio.registers.similar import find_similar
from tests.factories import InitiativeFactory, user_with_role

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def initiatives(demo):
    lys = InitiativeFactory(
        forvaltning=forvaltning("Lysekil", "Socialförvaltningen"),
        title="Digital signering av beslut",
        contact=user("sa.lysekil"),
    )
    udd = InitiativeFactory(
        forvaltning=forvaltning("Uddevalla", "Socialförvaltningen"),
        title="Digital signering Uddevalla",
        contact=user("strateg.uddevalla"),
    )
    return lys, udd


def test_finds_own_kommun_not_other(initiatives):
    lys, udd = initiatives
    found = find_similar(user("strateg.lysekil"), "signering")["initiatives"]
    assert lys in found and udd not in found


def test_partner_kommun_sees_visible_only(initiatives):
    lys, _ = initiatives
    partner = user_with_role(Role.IT_STRATEG, kommun=kommun("Sotenäs"))
    # Not shared: the partner may not see it, so it is not suggested.
    assert lys not in find_similar(partner, "signering")["initiatives"]
    lys.participants.add(kommun("Sotenäs"))
    assert lys in find_similar(partner, "signering")["initiatives"]


def test_forvaltning_user_does_not_see_other_forvaltning(initiatives):
    lys, _ = initiatives
    assert lys not in find_similar(user("fc.lysekil.bou"), "signering")["initiatives"]


def test_endpoint_fragment_and_anonymous(initiatives, client, login):
    url = reverse("portfolio:similar")
    assert client.get(url, {"q": "signering"}).status_code == 302
    html = login(user("strateg.lysekil")).get(url, {"q": "signering"}).content.decode()
    assert "Digital signering av beslut" in html
    assert "Uddevalla" not in html


def test_search_button_without_js(initiatives, login):
    client = login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:initiative_add"),
        {"title": "Signering", "description": "", "search_similar": "1"},
    )
    assert response.status_code == 200
    assert "Digital signering av beslut" in response.content.decode()
    from portfolio.models import Initiative

    assert not Initiative.objects.filter(title="Signering").exists()
