"""People in an import by the name the portal shows, besides username and e-mail (issue 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolio.choices import Role
from portfolio.imports import services as import_services
from portfolio.imports.resources.people import People
from portfolio.models import RoleAssignment, System
from tests.factories import ForvaltningFactory, SystemFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "Namn;Förvaltning;Systemägare;Systemförvaltare;Typ;Kategori;Verksamhetsområde;Drift"


@pytest.fixture
def setup():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    other_fv = ForvaltningFactory(name="Socialförvaltningen")  # another kommun
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun, username="strateg")
    lars = user_with_role(
        Role.SYSTEMAGARE,
        forvaltning=fv,
        username="lholm",
        email="lars.holm@lysekil.se",
        first_name="Lars",
        last_name="Holm",
    )
    eva_one = user_with_role(
        Role.SYSTEMFORVALTARE, forvaltning=fv, username="eva1", first_name="Eva", last_name="Ek"
    )
    eva_two = user_with_role(
        Role.SYSTEMFORVALTARE, forvaltning=fv, username="eva2", first_name="Eva", last_name="Ek"
    )
    outsider = user_with_role(
        Role.SYSTEMAGARE,
        forvaltning=other_fv,
        username="kari",
        first_name="Kari",
        last_name="Nord",
    )
    return {
        "fv": fv,
        "kommun": fv.kommun,
        "strateg": strateg,
        "lars": lars,
        "evas": (eva_one, eva_two),
        "outsider": outsider,
    }


def start(setup, *rows):
    text = "\n".join([HEADER, *rows]) + "\n"
    return import_services.start_import(
        actor=setup["strateg"],
        kind="system",
        kommun=setup["kommun"],
        uploaded=SimpleUploadedFile("system.csv", text.encode("utf-8-sig")),
    )


def row(name, owner, manager=""):
    return f"{name};Socialförvaltningen;{owner};{manager};verksamhetssystem;gis;it;saas"


def errors(job):
    return {(e["line"], e["column"]): e["message"] for e in job.preview["errors"]}


def test_a_unique_displayed_name_finds_the_person(setup, django_capture_on_commit_callbacks):
    job = start(setup, row("A", "Lars Holm"), row("B", "lars  holm"), row("C", "LHOLM"))
    assert job.error_rows == 0, job.preview["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        import_services.confirm_import(actor=setup["strateg"], job=job)
    assert set(System.objects.values_list("owner__username", flat=True)) == {"lholm"}


def test_an_ambiguous_name_lists_the_candidates(setup):
    job = start(setup, row("A", "Lars Holm", "Eva Ek"))
    message = errors(job)[(2, "Systemförvaltare")]
    assert "Flera personer i" in message and "heter ”Eva Ek”" in message
    assert "eva1" in message and "eva2" in message
    assert "Ange användarnamn eller e-post" in message
    assert start(setup, row("A", "Lars Holm", "eva2")).error_rows == 0


def test_an_unknown_name_suggests_similar_people(setup):
    message = errors(start(setup, row("A", "Lars Holmm")))[(2, "Systemägare")]
    assert "ingen aktiv användare" in message
    assert "Menade du: Lars Holm (lholm, lars.holm@lysekil.se)?" in message


@pytest.mark.parametrize("key", ["Kari Nord", "kari", "kari@example.se"])
def test_a_person_of_another_kommun_is_refused(setup, key):
    message = errors(start(setup, row("A", key)))[(2, "Systemägare")]
    assert message == "Kari Nord har ingen roll i kommunen och kan inte väljas."


def test_the_export_writes_the_name_when_it_finds_the_person_again(setup, client):
    lars, (eva_one, _eva_two) = setup["lars"], setup["evas"]
    SystemFactory(forvaltning=setup["fv"], name="Procapita", owner=lars, manager=eva_one)
    people = People([lars, *setup["evas"]], setup["kommun"])
    assert people.label(lars) == "Lars Holm"
    assert people.label(eva_one) == "eva1"  # two Eva Ek: the username
    client.force_login(setup["strateg"])
    response = client.get(
        reverse("portfolio:system_list"),
        {"export": "csv", "register": "system", "export_kommun": setup["kommun"].pk},
    )
    line = response.content.decode("utf-8-sig").splitlines()[1]
    assert ";Lars Holm;eva1;" in line


def test_an_existing_row_keeps_a_person_without_a_role_but_a_new_one_may_not_name_them(setup):
    lars = setup["lars"]
    SystemFactory(forvaltning=setup["fv"], name="Procapita", owner=lars)
    RoleAssignment.objects.filter(user=lars).delete()
    job = start(setup, row("Procapita", "Lars Holm"))
    assert job.error_rows == 0, job.preview["errors"]
    job = start(setup, row("Nytt", "Lars Holm"))
    assert "Lars Holm har ingen roll i kommunen" in errors(job)[(2, "Systemägare")]
