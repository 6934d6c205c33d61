"""Polish (issue 17): wide tables fit 1280 px, the language switch, a searchable person picker."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: the page, the ranking's scroll box and every "Flytta" link, and each table in a card
MEASURE = """() => {
  const box = document.querySelector('table.ranking')?.parentElement;
  const cards = [...document.querySelectorAll('main .card')].filter(c => c.querySelector('table'))
    .map(c => {
      const right = c.getBoundingClientRect().right - parseFloat(getComputedStyle(c).paddingRight);
      // tables a closed <details> keeps hidden are not on the page
      const shown = [...c.querySelectorAll('table')].filter(t => t.checkVisibility());
      const rights = shown.length ? shown.map(t => t.getBoundingClientRect().right) : [right];
      return Math.max(...rights) - right;
    });
  return {
    page: document.scrollingElement.scrollWidth, inner: window.innerWidth,
    ranking: box ? box.scrollWidth - box.clientWidth : null,
    moves: [...document.querySelectorAll('table.ranking a')]
      .filter(a => a.textContent.trim().startsWith('Flytta'))
      .map(a => a.getBoundingClientRect().right),
    cards,
  };
}"""


def test_the_ranking_and_the_start_page_fit_1280_px(ui):
    assert ui.page.viewport_size["width"] == 1280
    ui.login("strateg.lysekil")  # lands on the start page
    start = ui.page.evaluate(MEASURE)
    assert start["page"] <= start["inner"], start
    assert start["cards"] and all(overflow <= 0.5 for overflow in start["cards"]), start
    ui.visit("/prioritering/")
    ranking = ui.page.evaluate(MEASURE)
    assert ranking["page"] <= ranking["inner"], ranking
    assert ranking["ranking"] <= 0, ranking  # the table needs no sideways scrolling
    assert ranking["moves"] and max(ranking["moves"]) <= ranking["inner"], ranking


def test_switch_to_english_and_back_and_pick_a_person(ui):
    page = ui.page
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    ui.visit("/konto/login/")
    assert page.get_by_role("heading", name="Logga in").is_visible()  # not the browser's English
    ui.login("strateg.lysekil")

    page.get_by_role("button", name="English").click()
    ui.check()
    nav = page.get_by_role("navigation", name="Main menu")
    nav.get_by_role("button", name="Registers", exact=True).click()
    assert nav.get_by_role("link", name="Systems").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Svenska").click()
    ui.check()
    assert (
        page.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("button", name="Register", exact=True)
        .count()
    )

    ui.visit("/system/nytt/")
    owner = page.locator("#id_owner")
    before = owner.locator("option:not([hidden])").count()
    page.locator("#id_owner-filter").fill("Åberg")
    visible = owner.locator("option:not([hidden])")
    assert 1 < visible.count() < before  # the empty choice and the matches
    assert "Personer som matchar: 1" in page.locator("#id_owner-filter-status").inner_text()
    ui.check()
    label = "Stina Åberg (Systemägare, Socialförvaltningen)"
    assert visible.filter(has_text=label).count() == 1
    owner.select_option(label=label)
    assert owner.evaluate("s => s.options[s.selectedIndex].text") == label
