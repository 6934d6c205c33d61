"""Browser journey (issue 17): the IT-strateg's morning.

strateg.lysekil sees Att göra on the start page, opens the årshjul from the
Styrning menu (a disclosure menu: Escape closes it), plans next year's
IT-styrgrupp meetings (preview, then create), opens a system list long enough
to paginate and pages forward; on a phone the menu sits behind one button.
axe checks every page (and the open menus).
"""

import pytest
from django.utils import timezone

from governance.models import Council, Meeting
from portfolio.models import Kommun, System
from tests.browser.conftest import Browser, assert_accessible
from tests.factories import SystemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_strateg_att_gora_arshjul_series_and_pagination(ui, browser):
    page = ui.page
    lysekil = Kommun.objects.get(name="Lysekil")
    system = System.objects.filter(kommun=lysekil).first()
    SystemFactory.create_batch(
        30, forvaltning=system.forvaltning, kommun=lysekil, owner=system.owner
    )
    ui.login("strateg.lysekil")
    todo = page.get_by_role("region", name="Att göra")
    assert todo.get_by_role("link").count() > 0
    assert "väntar på samråd" in todo.inner_text()

    # The menu fits one row at 1280 px.
    nav = page.get_by_role("navigation", name="Huvudmeny")
    tops = nav.locator(".nav-list > li").evaluate_all(
        "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) >= 5 and len(set(tops)) == 1
    # The Styrning menu: a disclosure button, Escape closes it and keeps focus.
    styrning = nav.get_by_role("button", name="Styrning", exact=True)
    assert styrning.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="Årshjul", exact=True).is_visible()
    styrning.focus()
    page.keyboard.press("Enter")
    assert styrning.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Årshjul", exact=True).is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert styrning.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "nav-styrning"
    ui.menu("Styrning", "Årshjul")
    ui.check()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Årshjul")

    # Plan next year's meetings of the IT-styrgrupp.
    council = Council.objects.get(kommun=lysekil, name__icontains="styrgrupp")
    page.get_by_role("link", name=f"Planera möten för {council.name}").click()
    ui.check()
    year = timezone.localdate().year + 1
    page.get_by_role("spinbutton", name="År", exact=True).fill(str(year))
    page.get_by_label("Antal möten").fill("10")
    page.get_by_label("Veckodag").select_option(label="tisdag")
    page.get_by_label("Vilken vecka i månaden").select_option(label="andra")
    page.get_by_label("Tid").fill("13:00")
    page.get_by_label("Plats").fill("Stadshuset, sal 2")
    page.get_by_label("Från och med månad").select_option(label="januari")
    page.get_by_role("checkbox", name="juli").check()
    page.get_by_role("button", name="Förhandsgranska datumen").click()
    ui.check()
    assert "Förhandsgranskning: 10 sammanträden" in page.locator("main").inner_text()
    before = Meeting.objects.filter(council=council).count()
    page.get_by_role("button", name="Skapa 10 sammanträden").click()
    ui.check()
    assert "10 sammanträden är planerade" in page.locator("main").inner_text()
    assert Meeting.objects.filter(council=council).count() == before + 10

    # A list long enough to paginate: the links have names, axe on page 2.
    ui.menu("Register", "System")
    ui.check()
    pages = page.get_by_role("navigation", name="Sidor i listan")
    pages.get_by_role("link", name="Nästa sida").click()
    ui.check()
    assert "Sida 2 av" in pages.inner_text()

    # On a phone the menu sits behind one button and leaves the page in view.
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        phone_ui = Browser(context.new_page(), ui.base_url)
        phone = phone_ui.page
        phone_ui.login("kd.lysekil")
        nav = phone.get_by_role("navigation", name="Huvudmeny")
        menu = nav.get_by_role("button", name="Meny")
        assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
        assert not nav.get_by_role("link", name="Översikt").is_visible()
        assert phone.get_by_role("heading", name="Översikt", level=1).bounding_box()["y"] < 400
        menu.click()
        assert nav.get_by_role("link", name="Översikt").is_visible()
        assert_accessible(phone)
        phone.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        phone_ui.menu("Styrning", "Årshjul")
        phone_ui.check()
    finally:
        context.close()
