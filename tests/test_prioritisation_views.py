"""Prioritisation pages: permissions per role, refused writes, query budgets, demo."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.models import (
    Initiative,
    Kommun,
    Round,
)

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def lysekil(demo):
    return Kommun.objects.get(name="Lysekil")


def test_demo_pages_render_for_it_strateg(client, lysekil):
    client.force_login(user("strateg.lysekil"))
    q = f"?kommun={lysekil.pk}"
    ini = Initiative.objects.get(kommun=lysekil, title="Digital signering av skoldokument")
    frozen = Round.objects.get(kommun=lysekil, year=2026)
    open_round = Round.objects.get(kommun=lysekil, year=2027)
    for url in [
        reverse("portfolio:prioritisation_ranking") + q,
        reverse("portfolio:prioritisation_ranking") + q + "&ar=2026",
        reverse("portfolio:prioritisation_config") + q,
        reverse("portfolio:prioritisation_criterion_add") + q,
        reverse("portfolio:prioritisation_gate_add") + q,
        reverse("portfolio:prioritisation_score", args=[ini.pk]) + q,
        reverse("portfolio:prioritisation_override", args=[ini.pk]) + q,
        reverse("portfolio:prioritisation_budget") + q,
        reverse("portfolio:prioritisation_charts") + q,
        reverse("portfolio:prioritisation_rounds") + q,
        reverse("portfolio:prioritisation_round", args=[frozen.pk]),
        reverse("portfolio:prioritisation_round", args=[open_round.pk]),
        reverse("portfolio:home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("portfolio:prioritisation_ranking") + q).content.decode()
    assert "Budgetgräns" in body
    assert "Digital signering av skoldokument" in body
    assert frozen.is_frozen and frozen.snapshot["ranking"]
