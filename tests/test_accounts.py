import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.models import LoginEvent, RoleAssignment
from portfolio.templatetags.portal import format_kr, format_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin",
    "strateg.sml",
    "strateg.lysekil",
    "strateg.uddevalla",
    "kd.lysekil",
    "fc.lysekil.soc",
    "fc.lysekil.bou",
    "fc.uddevalla.soc",
    "sa.lysekil",
    "sf.lysekil",
    "sg.lysekil",
    "ekonom.lysekil",
    "revisor.lysekil",
    "admin.lysekil",
]


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_axes_locks_out_after_five_failures(client):
    UserFactory(username="anna")
    for _ in range(5):
        response = _login(client, "anna", "fel-losenord")
    response = _login(client, "anna", "Ett-langt-testlosenord-1")
    assert response.status_code == 429
    assert "tillfälligt låst" in response.content.decode()
    assert LoginEvent.objects.filter(username="anna", kind="failed").count() >= 5


def test_login_and_logout_are_recorded(client):
    UserFactory(username="bertil")
    response = _login(client, "bertil", "Ett-langt-testlosenord-1")
    assert response.status_code == 302
    client.post(reverse("logout"))
    kinds = list(LoginEvent.objects.filter(username="bertil").values_list("kind", flat=True))
    assert sorted(kinds) == ["login", "logout"]


def test_seed_demo_is_idempotent(demo):
    from django.apps import apps
    from django.core.management import call_command

    def counts():
        return {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if m._meta.app_label in {"portfolio", "governance", "reports", "auth"}
        }

    before = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
    assert before["portfolio.Kommun"] == 19


def test_demo_password_needs_debug(client, demo, settings):
    settings.DEBUG = False
    assert _login(client, "strateg.lysekil", "demo").status_code == 200  # form again
    settings.DEBUG = True
    assert _login(client, "strateg.lysekil", "demo").status_code == 302


def test_demo_password_never_works_for_real_accounts(client, settings):
    settings.DEBUG = True
    UserFactory(username="riktig")
    assert _login(client, "riktig", "demo").status_code == 200


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_account_sees_its_start_page(client, demo, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    response = client.get(reverse("portfolio:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Översikt" in html
    if username != "admin":
        role = RoleAssignment.objects.filter(user=user).first()
        assert role.get_role_display() in html


def test_forvaltningschef_start_page_shows_only_own_forvaltning(client, demo):
    client.force_login(get_user_model().objects.get(username="fc.lysekil.soc"))
    html = client.get(reverse("portfolio:home")).content.decode()
    assert "Socialförvaltningen" in html
    assert "Barn- och utbildningsförvaltningen" not in html


def test_password_reset_sends_swedish_mail(client, mailoutbox):
    UserFactory(username="cecilia", email="cecilia@example.se")
    response = client.post(reverse("password_reset"), {"email": "cecilia@example.se"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_amount_and_number_formatting():
    assert format_kr(1250000) == "1 250 000 kr"
    assert format_kr(0) == "0 kr"
    assert format_kr(-1500) == "-1 500 kr"
    assert format_number(1234.5, 1) == "1 234,5"
    assert format_kr(None) == "–"
