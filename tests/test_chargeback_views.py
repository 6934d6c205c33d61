"""Chargeback pages on the demo data: the ekonom's pages, the förvaltningschef's view,
the charge sheet (XLSX and PDF text), Min portfölj, and the list query budgets."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portfolio.chargeback.distribution import latest_run
from portfolio.chargeback.models import (
    Charge,
    CostPool,
    DistributionRun,
    ItemKind,
    KeyKind,
    KeyValue,
    PriceList,
    RentalCount,
)
from portfolio.models import Forvaltning, Kommun

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def lysekil(demo):
    return Kommun.objects.get(name="Lysekil")


@pytest.fixture
def soc(lysekil):
    return Forvaltning.objects.get(kommun=lysekil, name="Socialförvaltningen")


def test_the_demo_run_sums_exactly_to_its_pools_and_rent(lysekil):
    run = latest_run(lysekil.pk, timezone.localdate().year)
    assert run is not None
    for entry in run.inputs["pools"]:
        charged = sum(c.amount for c in Charge.objects.filter(run=run, pool_id=entry["id"]))
        expected = Decimal(entry.get("kommun_amount", entry["amount"]))
        assert charged == expected, entry["name"]
        if "kommun_split" in entry:
            names = [s["kommun"] for s in entry["kommun_split"]]
            assert names == ["Lysekil", "Munkedal", "Sotenäs"]
            assert sum(Decimal(s["amount"]) for s in entry["kommun_split"]) == Decimal(
                entry["amount"]
            )


@pytest.mark.parametrize(
    "name",
    [
        "chargeback_home",
        "chargeback_pricelist_list",
        "chargeback_count_list",
        "chargeback_pool_list",
        "chargeback_key_list",
        "chargeback_run_list",
        "chargeback_run_add",
        "chargeback_pricelist_add",
        "chargeback_count_add",
        "chargeback_pool_add",
        "chargeback_key_add",
    ],
)
def test_the_ekonoms_pages(client, lysekil, name):
    client.force_login(user("ekonom.lysekil"))
    response = client.get(reverse(f"portfolio:{name}"))
    assert response.status_code == 200


def test_run_detail_pool_and_price_list_pages(client, lysekil):
    client.force_login(user("ekonom.lysekil"))
    run = DistributionRun.objects.filter(kommun=lysekil).first()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "SML-IT gemensam drift" in page and "Sotenäs" in page
    for obj in (
        CostPool.objects.filter(kommun=lysekil).first(),
        PriceList.objects.get(kommun=lysekil),
    ):
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_a_forvaltningschef_sees_own_charges_only(client, soc, lysekil):
    client.force_login(user("fc.lysekil.soc"))
    page = client.get(reverse("portfolio:chargeback_forvaltning", args=[soc.pk]))
    assert page.status_code == 200
    assert "SML-IT gemensam drift" in page.content.decode()
    other = Forvaltning.objects.get(kommun=lysekil, name="Barn- och utbildningsförvaltningen")
    assert (
        client.get(reverse("portfolio:chargeback_forvaltning", args=[other.pk])).status_code == 404
    )
    run = DistributionRun.objects.filter(kommun=lysekil).first()
    assert client.get(run.get_absolute_url()).status_code == 404


def test_min_portfolj_shows_the_charges(client, soc):
    client.force_login(user("fc.lysekil.soc"))
    page = client.get(reverse("portfolio:my_portfolio")).content.decode()
    assert "Debitering av IT-kostnader" in page and "Hyressystemet" in page


def test_charge_sheet_xlsx_neutralises_formulas(client, soc, lysekil):
    from openpyxl import load_workbook

    pool = CostPool.objects.create(
        kommun=lysekil,
        year=timezone.localdate().year,
        name='=HYPERLINK("http://x")',
        kind="ovrigt",
        amount=Decimal("100.00"),
        key_kind=KeyKind.DIRECT,
        direct_forvaltning=soc,
    )
    client.force_login(user("ekonom.lysekil"))
    response = client.post(
        reverse("portfolio:chargeback_run_add"),
        {"kommun": lysekil.pk, "year": pool.year},
    )
    assert response.status_code == 302
    response = client.get(reverse("portfolio:chargeback_sheet", args=[soc.pk, "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    pools = book.worksheets[1]
    names = {row[0].value: row for row in pools.iter_rows(min_row=2)}
    cell = names['=HYPERLINK("http://x")'][0]
    assert cell.data_type == "s"
    assert names['=HYPERLINK("http://x")'][-1].value == 100
    summary = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert summary["Förvaltning"] == "Socialförvaltningen"


def test_charge_sheet_pdf_text(client, soc, lysekil):
    from pypdf import PdfReader

    CostPool.objects.create(
        kommun=lysekil,
        year=timezone.localdate().year,
        name="<b>Skript</b>",
        kind="ovrigt",
        amount=Decimal("1234.50"),
        key_kind=KeyKind.DIRECT,
        direct_forvaltning=soc,
    )
    from portfolio.chargeback.services import run_distribution

    run_distribution(actor=user("ekonom.lysekil"), kommun=lysekil, year=timezone.localdate().year)
    client.force_login(user("fc.lysekil.soc"))
    response = client.get(reverse("portfolio:chargeback_sheet", args=[soc.pk, "pdf"]))
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")
    text = text.replace("\u202f", " ")
    assert "Debiteringsunderlag" in text and "Socialförvaltningen" in text
    assert "<b>Skript</b>" in text
    assert "1 234,50" in text
    assert "SML-IT gemensam drift" in text


def _more_counts(lysekil, n, start=2030):
    forvaltningar = list(Forvaltning.objects.filter(kommun=lysekil))
    rows = []
    for i in range(n):
        f = forvaltningar[i % len(forvaltningar)]
        rows.append(
            RentalCount(
                kommun=lysekil, forvaltning=f, year=start + i, item_kind=ItemKind.DATOR, count=i
            )
        )
        rows.append(
            KeyValue(kommun=lysekil, forvaltning=f, year=start + i, key_kind=KeyKind.USERS, value=i)
        )
    RentalCount.objects.bulk_create([r for r in rows if isinstance(r, RentalCount)])
    KeyValue.objects.bulk_create([r for r in rows if isinstance(r, KeyValue)])
    ekonom = user("ekonom.lysekil")
    for i in range(n):
        DistributionRun.objects.create(kommun=lysekil, year=start + i, created_by=ekonom)
        PriceList.objects.create(kommun=lysekil, year=start + i)
        CostPool.objects.create(
            kommun=lysekil,
            year=start + i,
            name=f"Pool {i}",
            kind="ovrigt",
            amount=1,
            key_kind="anvandare",
        )


LISTS = [
    "chargeback_pricelist_list",
    "chargeback_count_list",
    "chargeback_pool_list",
    "chargeback_key_list",
    "chargeback_run_list",
]


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_rows(
    client, lysekil, name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user("ekonom.lysekil"))
    url = reverse(f"portfolio:{name}")
    _more_counts(lysekil, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_counts(lysekil, 27, start=2040)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
