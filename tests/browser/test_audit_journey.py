"""Revisor.lysekil opens Granskning, filters the trail and finds the change (axe on each page)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_revisor_browses_and_filters_the_audit_trail(ui):
    from django.contrib.auth import get_user_model

    from portfolio.models import Forvaltning

    forvaltning = Forvaltning.objects.filter(kommun__name="Lysekil").order_by("pk").first()
    forvaltning.name = "Digitaliseringsenheten"
    forvaltning._history_user = get_user_model().objects.get(username="strateg.lysekil")
    forvaltning.save()

    ui.login("revisor.lysekil")
    ui.menu("Administration", "Granskning")
    ui.check()
    assert ui.page.get_by_role("heading", name="Granskning", level=1).is_visible()

    ui.page.get_by_label("Användare").fill("strateg.lysekil")
    ui.page.get_by_label("Objekttyp").select_option(label="Förvaltning")
    ui.page.get_by_label("Kommun").select_option(label="Lysekil")
    ui.page.get_by_role("button", name="Filtrera").click()
    ui.check()
    main = ui.page.locator("main").inner_text()
    assert "Digitaliseringsenheten" in main
    assert "strateg.lysekil" in main
    assert "Ändrad" in main
    # Read-only: the page offers no form that posts.
    assert ui.page.locator("main form[method=post]").count() == 0
    export = ui.page.get_by_role("link", name="Exportera till CSV")
    assert "model_key=portfolio.forvaltning" in export.get_attribute("href")
