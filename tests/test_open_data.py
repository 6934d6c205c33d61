"""Open data (issue 14): the kommun's setting, the public files, the public minutes."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET  # parses the portal's own output only
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Case, Decision, Meeting, MinutesJob
from governance.opendata import services
from governance.opendata.models import Licence, OpenDataPublication
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from portfolio.models import System
from tests.factories import (
    ContractFactory,
    KommunFactory,
    SamverkanFactory,
    SupplierFactory,
    SystemCostFactory,
    SystemFactory,
    UserFactory,
    governance_world,
    user_with_role,
)
from tests.test_governance import add_item, decide, meeting, prepared, sign

pytestmark = pytest.mark.django_db

FILES = {
    "decisions_csv": "offentligt:open_data_decisions_csv",
    "decisions_json": "offentligt:open_data_decisions_json",
    "systems_csv": "offentligt:open_data_systems_csv",
    "systems_json": "offentligt:open_data_systems_json",
}
DECISION_HEADERS = [
    "Beslutande", "År", "§", "Beslutsdatum", "Rubrik", "Beslut", "Beslutstext", "Villkor",
    "Protokoll",
]  # fmt: skip
DECISION_KEYS = {
    "council", "year", "paragraph", "decision_date", "title", "decision_type", "text",
    "conditions", "minutes_url",
}  # fmt: skip
SYSTEM_HEADERS = ["Namn", "Typ", "Kategori", "Leverantör"]
SYSTEM_KEYS = {"name", "kind", "category", "supplier"}
#: no file may ever carry one of these keys or headers
SECRET_NAMES = {
    "confidentiality", "integrity", "availability_class", "krt", "K/R/T", "cost", "costs",
    "amount", "owner", "manager", "email", "personal_data", "personnummer", "description",
    "is_secret", "Systemägare", "Kostnad", "Konfidentialitet",
}  # fmt: skip


@pytest.fixture
def w():
    return governance_world()


def publish(w, **fields):
    defaults = {"publish_decisions": True, "publish_systems": True}
    return OpenDataPublication.objects.create(kommun=w.kommun, **{**defaults, **fields})


def store_pdf(m):
    """The minutes PDF as the minutes job leaves it (the job itself is tested elsewhere)."""
    m.minutes_pdf.save("protokoll.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Meeting.objects.filter(pk=m.pk).update(minutes_pdf=m.minutes_pdf.name)
    MinutesJob.objects.update_or_create(meeting=m, defaults={"status": JobStatus.DONE})


def signed_meeting(w, *titles, secret=(), when=None, pdf=True):
    m = meeting(w, when)
    for title in titles:
        decide(w, add_item(w, m, kind="other", title=title), is_secret=title in secret)
    sign(w, m)
    if pdf:
        store_pdf(m)
    return m


def url(name, w):
    return reverse(name, args=[w.kommun.kommunkod])


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- The setting: page, permissions, service -----------------------------------------------


def test_steward_turns_open_data_on_through_the_page(w, client):
    page = reverse("governance:open_data_settings", args=[w.kommun.pk])
    client.force_login(w.strateg)
    assert "Kommunen publicerar inga öppna data" in client.get(page).content.decode()
    response = client.post(
        page,
        {
            "publish_decisions": "on",
            "licence": Licence.CC_BY,
            "description": "Frågor till digitaliseringsenheten.",
            "contact_email": "oppnadata@example.se",
        },
    )
    assert response.status_code == 302
    stored = OpenDataPublication.objects.get(kommun=w.kommun)
    assert (stored.publish_decisions, stored.publish_systems) == (True, False)
    assert stored.licence == "CC-BY-4.0"
    assert stored.history.get().history_user == w.strateg
    assert "Justerade beslut om IT" in client.get(page).content.decode()


def test_setting_page_permissions(w, client):
    page = reverse("governance:open_data_settings", args=[w.kommun.pk])
    assert client.get(page).status_code == 302  # anonymous: to the login page
    client.force_login(w.kd)  # sees the kommun, is no steward
    assert client.get(page).status_code == 403
    assert client.post(page, {"publish_systems": "on", "licence": "CC0-1.0"}).status_code == 403
    client.force_login(w.outsider)  # another kommun's IT-strateg
    assert client.get(page).status_code == 404
    assert client.post(page, {"publish_systems": "on", "licence": "CC0-1.0"}).status_code == 404
    assert not OpenDataPublication.objects.exists()
    admin = user_with_role(Role.ADMINISTRATOR, kommun=w.kommun)
    client.force_login(admin)
    assert client.get(page).status_code == 200


def test_bad_input_gets_a_swedish_message_and_saves_nothing(w, client):
    publish(w, description="Gammal text")
    page = reverse("governance:open_data_settings", args=[w.kommun.pk])
    client.force_login(w.strateg)
    response = client.post(
        page, {"publish_systems": "on", "licence": "MIT", "contact_email": "inte en adress"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Välj ett giltigt alternativ" in text and "giltig mejladress" in text
    stored = OpenDataPublication.objects.get(kommun=w.kommun)
    assert (stored.licence, stored.description) == ("CC0-1.0", "Gammal text")


def test_service_refuses_everyone_but_the_kommuns_stewards(w):
    partner = KommunFactory()
    SamverkanFactory(host=w.kommun, members=[partner])
    partner_strateg = user_with_role(Role.IT_STRATEG, kommun=partner)  # sees w.kommun
    fields = {"publish_decisions": True, "licence": Licence.CC0}
    with pytest.raises(Http404):
        services.save_open_data(actor=w.outsider, kommun=w.kommun, **fields)
    for actor in (w.kd, partner_strateg, w.systemagare):
        with pytest.raises(PermissionDenied):
            services.save_open_data(actor=actor, kommun=w.kommun, **fields)
    assert not OpenDataPublication.objects.exists()
    services.save_open_data(actor=w.strateg, kommun=w.kommun, **fields)
    # Once the row exists, the change is refused the same way.
    with pytest.raises(Http404):
        services.save_open_data(actor=w.outsider, kommun=w.kommun, publish_decisions=False)
    with pytest.raises(PermissionDenied):
        services.save_open_data(actor=partner_strateg, kommun=w.kommun, publish_decisions=False)
    assert OpenDataPublication.objects.get(kommun=w.kommun).publish_decisions
    # The partner's own kommun is theirs to publish.
    services.save_open_data(actor=partner_strateg, kommun=partner, publish_systems=True)


def test_kommun_page_shows_what_is_published(w, client):
    client.force_login(w.kd)
    assert "Öppna data" not in client.get(w.kommun.get_absolute_url()).content.decode()
    publish(w, publish_decisions=False)
    text = client.get(w.kommun.get_absolute_url()).content.decode()
    assert "Kommunens IT-system" in text and "Ändra vad kommunen publicerar" not in text
    client.force_login(w.strateg)
    assert (
        "Ändra vad kommunen publicerar" in client.get(w.kommun.get_absolute_url()).content.decode()
    )


# --- 404 when off ----------------------------------------------------------------------------


def test_nothing_is_public_until_the_kommun_turns_it_on(w, client):
    names = [*FILES.values(), "offentligt:open_data", "offentligt:open_data_catalog"]
    for name in names:
        assert client.get(url(name, w)).status_code == 404, name
    publication = publish(w, publish_decisions=False, publish_systems=False)
    for name in names:
        assert client.get(url(name, w)).status_code == 404, name
    publication.publish_systems = True
    publication.save()
    for name in names:
        want = 404 if "decisions" in name else 200
        assert client.get(url(name, w)).status_code == want, name
    landing = client.get(url("offentligt:open_data", w)).content.decode()
    assert "Kommunens IT-system" in landing and "Justerade beslut om IT" not in landing


# --- What the files hold ---------------------------------------------------------------------


def test_files_carry_only_public_columns_and_rows(w, client):
    owner = UserFactory(first_name="Anna", last_name="Hemlig", email="anna.hemlig@example.se")
    system = SystemFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        name="Procapita",
        owner=owner,
        manager=owner,
        supplier=SupplierFactory(name="CGI Sverige AB"),
        description="Personnummer 19121212-1212",
        confidentiality=3,
        integrity=3,
        availability_class=3,
        personal_data=True,
    )
    SystemCostFactory(system=system, amount=Decimal("1234567"))
    ContractFactory(system=system, annual_cost=Decimal("7654321"))
    SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning, name="Gammalt", lifecycle="avvecklad")
    SystemFactory(name="Annan kommuns system")
    signed_meeting(w, "Öppet beslut", "Hemligt beslut", secret=("Hemligt beslut",))
    open_meeting = meeting(w, timezone.make_aware(datetime.datetime(2026, 11, 12, 9)))
    decide(w, add_item(w, open_meeting, kind="other", title="Ej justerat beslut"))
    publish(w)

    texts = {key: body(client.get(url(name, w))) for key, name in FILES.items()}
    for key, text in texts.items():
        for secret in (
            "19121212-1212", "anna.hemlig", "Hemlig", "1234567", "1 234 567", "7654321",
            "Hemligt beslut", "Ej justerat", "Gammalt", "Annan kommuns", "K3",
        ):  # fmt: skip
            assert secret not in text, (key, secret)
    decisions = read_csv(texts["decisions_csv"])
    assert decisions[0] == DECISION_HEADERS
    assert [row[4] for row in decisions[1:]] == ["Öppet beslut"]
    systems = read_csv(texts["systems_csv"])
    assert systems == [
        SYSTEM_HEADERS,
        ["Procapita", "Verksamhetssystem", "Verksamhetssystem", "CGI Sverige AB"],
    ]
    for key, keys in (("decisions_json", DECISION_KEYS), ("systems_json", SYSTEM_KEYS)):
        document = json.loads(texts[key])
        assert {frozenset(row) for row in document["data"]} == {frozenset(keys)}
        assert not keys & SECRET_NAMES
        assert not {f["name"] for f in document["metadata"]["fields"]} & SECRET_NAMES
    for headers in (DECISION_HEADERS, SYSTEM_HEADERS):
        assert not set(headers) & SECRET_NAMES
    assert json.loads(texts["systems_json"])["data"] == [
        {
            "name": "Procapita",
            "kind": "Verksamhetssystem",
            "category": "Verksamhetssystem",
            "supplier": "CGI Sverige AB",
        }
    ]


def test_json_metadata_and_headers_carry_the_licence(w, client):
    publish(w)
    response = client.get(url(FILES["systems_json"], w))
    metadata = json.loads(body(response))["metadata"]
    assert metadata["license"] == {
        "id": "CC0-1.0",
        "name": "CC0 1.0 Universell (fri användning)",
        "url": "http://creativecommons.org/publicdomain/zero/1.0/",
    }
    assert metadata["publisher"] == {"name": w.kommun.name, "kommunkod": w.kommun.kommunkod}
    assert metadata["source"] == "http://testserver" + url(FILES["systems_json"], w)
    assert datetime.datetime.fromisoformat(metadata["generated"]).tzinfo is not None
    assert '<http://creativecommons.org/publicdomain/zero/1.0/>; rel="license"' in response["Link"]
    OpenDataPublication.objects.filter(kommun=w.kommun).update(licence=Licence.CC_BY)
    response = client.get(url(FILES["decisions_csv"], w))
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    assert 'rel="describedby"; type="application/rdf+xml"' in response["Link"]
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{w.kommun.kommunkod}-beslut.csv"'
    )


def test_files_are_cacheable_by_anyone(w, client):
    publish(w)
    for name in FILES.values():
        response = client.get(url(name, w))
        assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert not response.cookies
    # A signed-in visitor's response refreshes their session cookie: never for a shared cache.
    client.force_login(w.strateg)
    response = client.get(url(FILES["systems_csv"], w))
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_stored_formula_or_control_character_breaks_no_file(w, client):
    nul = "\x00" if connection.vendor == "sqlite" else ""  # PostgreSQL can't store NUL
    for name in ('=HYPERLINK("http://x")', f"Bra{nul}\x01\x0bsystem", "-1+1"):
        SystemFactory(
            kommun=w.kommun,
            forvaltning=w.forvaltning,
            name=name,
            supplier=SupplierFactory(name="@SUMMA(A1)"),
        )
    publish(w, description=f"<b>Kontakt</b> & mer{nul}\x02")
    rows = read_csv(body(client.get(url(FILES["systems_csv"], w))))
    assert sorted(r[0] for r in rows[1:]) == ["'-1+1", '\'=HYPERLINK("http://x")', "Brasystem"]
    assert {r[3] for r in rows[1:]} == {"'@SUMMA(A1)"}
    data = json.loads(body(client.get(url(FILES["systems_json"], w))))["data"]
    assert sorted(r["name"] for r in data) == ["-1+1", '=HYPERLINK("http://x")', "Brasystem"]
    catalog = client.get(url("offentligt:open_data_catalog", w))
    root = ET.fromstring(catalog.content)  # noqa: S314 (our own output): well-formed, escaped
    description = root.find(
        "{http://www.w3.org/ns/dcat#}Catalog/{http://purl.org/dc/terms/}description"
    )
    assert description.text == "<b>Kontakt</b> & mer"


def test_catalog_describes_each_published_dataset(w, client):
    publish(w, contact_email="oppnadata@example.se")
    response = client.get(url("offentligt:open_data_catalog", w))
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    ns = {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dcterms": "http://purl.org/dc/terms/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
    }
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    assert len(root.findall("dcat:Dataset", ns)) == 2
    downloads = {d.get(f"{rdf}resource") for d in root.iterfind(".//dcat:downloadURL", ns)}
    assert downloads == {"http://testserver" + url(name, w) for name in FILES.values()}
    licences = {d.get(f"{rdf}resource") for d in root.iterfind(".//dcterms:license", ns)}
    assert licences == {"http://creativecommons.org/publicdomain/zero/1.0/"}
    emails = {e.get(f"{rdf}resource") for e in root.iterfind(".//vcard:hasEmail", ns)}
    assert emails == {"mailto:oppnadata@example.se"}


def test_a_large_kommun_streams_in_chunks(w, client):
    owner = UserFactory()
    System.objects.bulk_create(
        System(
            kommun=w.kommun,
            forvaltning=w.forvaltning,
            owner=owner,
            name=f"System {i:05d}",
            kind="verksamhetssystem",
            category="ovrigt",
            area="administration",
            hosting="saas",
        )
        for i in range(2_500)
    )
    publish(w)
    response = client.get(url(FILES["systems_csv"], w))
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 2
    rows = read_csv(b"".join(chunks).decode())
    assert len(rows) == 2_501 and rows[-1][0] == "System 02499"
    data = json.loads(body(client.get(url(FILES["systems_json"], w))))["data"]
    assert len(data) == 2_500


@pytest.mark.parametrize("name", sorted(FILES.values()))
def test_file_query_count_is_flat(w, client, name):
    publish(w)
    owner = UserFactory()

    def count(n):
        while System.objects.count() < n:
            SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning, owner=owner)
        if Decision.objects.count() < n:
            day = 1 + Decision.objects.count() // 3
            m = meeting(w, timezone.make_aware(datetime.datetime(2026, 1, day, 9)))
            for i in range(n - Decision.objects.count()):
                decide(w, add_item(w, m, kind="other", title=f"Punkt {i}"))
            sign(w, m)
            store_pdf(m)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(name, w))
            assert response.status_code == 200
            text = body(response)
        rows = json.loads(text)["data"] if name.endswith("json") else read_csv(text)[1:]
        assert len(rows) == n
        return len(ctx)

    assert count(3) == count(30)


# --- Public minutes --------------------------------------------------------------------------


def minutes_url(w, m):
    return reverse("offentligt:minutes_pdf", args=[w.kommun.kommunkod, m.pk])


def test_public_decisions_link_to_their_signed_minutes(w, client):
    clean = signed_meeting(w, "Öppet beslut")
    page = client.get(url("offentligt:public_decisions", w)).content.decode()
    assert minutes_url(w, clean) in page
    response = client.get(minutes_url(w, clean))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "public" in response["Cache-Control"]
    publish(w, publish_systems=False)
    data = json.loads(body(client.get(url(FILES["decisions_json"], w))))["data"]
    assert data[0]["minutes_url"] == "http://testserver" + minutes_url(w, clean)


def test_minutes_with_anything_secret_are_not_public(w, client):
    with_secret = signed_meeting(w, "Synligt beslut", "Hemligt beslut", secret=("Hemligt beslut",))
    publish(w)
    page = client.get(url("offentligt:public_decisions", w)).content.decode()
    assert "Synligt beslut" in page and minutes_url(w, with_secret) not in page
    assert client.get(minutes_url(w, with_secret)).status_code == 404
    data = json.loads(body(client.get(url(FILES["decisions_json"], w))))["data"]
    assert [d["minutes_url"] for d in data] == [None]
    # An ärende on the agenda that is under sekretess keeps them closed too.
    case = prepared(w)
    m = meeting(w, timezone.make_aware(datetime.datetime(2026, 11, 3, 9)))
    decide(w, add_item(w, m, kind="other", title="Annat beslut"))
    decide(w, add_item(w, m, case))
    sign(w, m)
    store_pdf(m)
    assert client.get(minutes_url(w, m)).status_code == 200
    Case.objects.filter(pk=case.pk).update(is_secret=True)
    assert client.get(minutes_url(w, m)).status_code == 404


def test_minutes_need_a_made_pdf_a_publishing_kommun_and_the_right_kommun(w, client):
    no_pdf = signed_meeting(w, "Beslut utan PDF", pdf=False)
    assert client.get(minutes_url(w, no_pdf)).status_code == 404
    clean = signed_meeting(w, "Beslut", when=timezone.make_aware(datetime.datetime(2026, 11, 3, 9)))
    assert client.get(minutes_url(w, clean)).status_code == 200
    # A secret delegationsbeslut (no meeting) elsewhere in the kommun changes nothing.
    Decision.objects.create(
        kommun=w.kommun,
        year=2026,
        number=1,
        is_delegation=True,
        decision_type="bifall",
        title="Hemlig delegation",
        text="Beslut.",
        is_secret=True,
        decision_date=datetime.date(2026, 10, 1),
        recorded_by=w.kd,
    )
    assert client.get(minutes_url(w, clean)).status_code == 200
    # Another kommun's code does not reach this kommun's minutes.
    other = KommunFactory(public_decisions_enabled=True)
    assert (
        client.get(reverse("offentligt:minutes_pdf", args=[other.kommunkod, clean.pk])).status_code
        == 404
    )
    # A decision of a kommun that publishes nothing keeps the whole minutes closed.
    Decision.objects.filter(meeting=clean).update(kommun=KommunFactory())
    assert client.get(minutes_url(w, clean)).status_code == 404
    Decision.objects.filter(meeting=clean).update(kommun=w.kommun)
    # The open-data files alone are enough to publish the minutes; nothing is not.
    w.kommun.public_decisions_enabled = False
    w.kommun.save()
    assert client.get(minutes_url(w, clean)).status_code == 404
    publish(w, publish_systems=False)
    assert client.get(minutes_url(w, clean)).status_code == 200


def test_public_decision_page_query_count_is_flat(w, client):
    def count(n):
        day = 1 + Decision.objects.count() // 3
        m = meeting(w, timezone.make_aware(datetime.datetime(2026, 1, day, 9)))
        for i in range(n - Decision.objects.count()):
            decide(w, add_item(w, m, kind="other", title=f"Punkt {i}"))
        sign(w, m)
        store_pdf(m)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url("offentligt:public_decisions", w)).content.decode()
        assert page.count("Protokoll (PDF)") == n
        return len(ctx)

    assert count(3) == count(30)
