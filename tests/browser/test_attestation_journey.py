"""Browser journey of issue 17: a yearly attestation, told through the notices.

strateg.lysekil starts Lysekil's 2027 campaign; sa.lysekil sees the notice in
the header ("Notiser, N olästa"), opens it, confirms one system and corrects
another (the K/R/T classification) and keeps this kind of notice in the
portal only; the strateg sees the share confirmed per förvaltning and the
unconfirmed systems in the system list. axe checks every page.
"""

import pytest

from portfolio.attestation.models import Attestation, AttestationCampaign
from portfolio.models import System
from portfolio.notices.models import NoticePreference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_campaign_from_opening_to_the_share_confirmed(ui):
    page = ui.page
    # 1. The IT-strateg starts the campaign.
    ui.login("strateg.lysekil")
    ui.visit("/bekraftelse/")
    page.get_by_role("link", name="Starta en omgång").click()
    ui.check()
    page.get_by_label("Kommun").select_option(label="Lysekil")
    page.get_by_label("År").fill("2027")
    page.get_by_role("button", name="Starta omgången").click()
    ui.check()
    campaign = AttestationCampaign.objects.get(kommun__name="Lysekil", year=2027)
    assert "Bekräftelse 2027, Lysekil" in page.locator("h1").inner_text()
    ui.logout()

    # 2. The systemägare finds the notice in the header and confirms one system.
    ui.login("sa.lysekil")
    notices = page.locator("a.notice-link")
    assert "olästa" in notices.inner_text()
    notices.click()
    ui.check()
    page.get_by_role("link", name="Bekräfta dina system för 2027").first.click()
    ui.check()
    page.get_by_role("link", name="Gå till sidan").click()
    ui.check()
    own = Attestation.objects.filter(campaign=campaign, system__owner__username="sa.lysekil")
    first, second = own.order_by("system__name")[:2]
    page.get_by_role("button", name=f"Bekräfta {first.system.name}").click()
    ui.check()
    assert "är bekräftade" in page.get_by_role("status").first.inner_text()

    # 3. ... and corrects another one's classification.
    page.get_by_role("link", name=f"Rätta {second.system.name}").click()
    ui.check()
    page.get_by_label("konfidentialitet (K)").fill("3")
    page.get_by_label("riktighet (R)").fill("2")
    page.get_by_label("tillgänglighet (T)").fill("2")
    page.get_by_role("button", name="Spara och bekräfta").click()
    ui.check()
    assert System.objects.get(pk=second.system_id).krt == "K3 R2 T2"
    assert own.filter(confirmed_at__isnull=False).count() == 2
    # The notice settings: this kind in the portal only from now on.
    ui.visit("/notiser/installningar/")
    page.get_by_role("group", name="Årlig bekräftelse av system").get_by_label(
        "Endast i portalen"
    ).check()
    page.get_by_role("button", name="Spara").click()
    ui.check()
    chosen = NoticePreference.objects.get(user__username="sa.lysekil", kind="attestation")
    assert chosen.channel == "portal"
    ui.logout()

    # 4. The IT-strateg follows the share confirmed per förvaltning.
    ui.login("strateg.lysekil")
    ui.visit(campaign.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "Andel bekräftade per förvaltning" in main
    assert "Socialförvaltningen" in page.locator("figcaption").inner_text()
    page.get_by_role("link", name="Visa system som inte är bekräftade").click()
    ui.check()
    assert "Ej bekräftad 2027" in page.locator("main").inner_text()
