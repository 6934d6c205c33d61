"""The debiteringsmodell's arithmetic against hand-computed numbers, and the run service."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from portfolio.chargeback import services
from portfolio.chargeback.allocation import (
    AllocationError,
    Recipient,
    ZeroKeyError,
    allocate,
    check_fixed_shares,
    months,
)
from portfolio.chargeback.models import (
    Charge,
    DistributionRun,
    ItemKind,
    KeyKind,
    KeyValue,
    PriceItem,
    PriceList,
    PricePeriod,
    RentalCount,
)
from portfolio.choices import Role
from tests.chargeback_world import YEAR, key_values, pool, world
from tests.factories import ForvaltningFactory, user_with_role


def parts(total, *weights, names=None):
    names = names or [chr(ord("A") + i) for i in range(len(weights))]
    result = allocate(
        D(total), [Recipient(n, n, D(w)) for n, w in zip(names, weights, strict=True)]
    )
    return [result[n] for n in names]


# --- pure arithmetic --------------------------------------------------------------------


def test_three_equal_shares_give_the_extra_ore_to_the_first_name():
    assert parts("100.00", 1, 1, 1) == [D("33.34"), D("33.33"), D("33.33")]


def test_ties_are_broken_by_name_not_by_input_order():
    result = parts("100.00", 1, 1, 1, names=["Gamma", "Alfa", "Beta"])
    assert result == [D("33.33"), D("33.34"), D("33.33")]


def test_largest_remainders_get_the_ore_left_over():
    # 100 000 öre × 7/31, 11/31, 13/31 = 22 580,645…, 35 483,870…, 41 935,483…
    # floors sum to 99 998; the two öre go to the remainders ,870 and ,645.
    assert parts("1000.00", 7, 11, 13) == [D("225.81"), D("354.84"), D("419.35")]
    assert sum(parts("1000.00", 7, 11, 13)) == D("1000.00")


def test_exact_division_and_zero_weights():
    assert parts("10.00", 2, 3, 5, 0) == [D("2.00"), D("3.00"), D("5.00"), D("0.00")]


def test_a_key_summing_to_zero_is_refused():
    with pytest.raises(ZeroKeyError):
        parts("10.00", 0, 0)


def test_negative_weights_and_fractions_of_ore_are_refused():
    with pytest.raises(AllocationError):
        parts("10.00", 1, -1)
    with pytest.raises(AllocationError):
        parts("10.001", 1, 1)


def test_fixed_shares_must_sum_to_exactly_100():
    assert check_fixed_shares([D("33.33"), D("33.33"), D("33.34")]) == 100
    with pytest.raises(AllocationError):
        check_fixed_shares([D("50"), D("30"), D("19.5")])


def test_a_yearly_amount_spread_over_months_sums_exactly():
    # 1 000 kr / 12 = 8 333,33… öre: the four öre left go to January–April.
    spread = months(D("1000.00"))
    assert [spread[m] for m in (1, 4, 5, 12)] == [D("83.34"), D("83.34"), D("83.33"), D("83.33")]
    assert sum(spread.values()) == D("1000.00")


# --- the run ----------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def _charges(run, source="pool"):
    return {
        (c.forvaltning.name, c.pool_name): c.amount
        for c in run.charges.filter(source=source).select_related("forvaltning")
    }


@pytest.mark.django_db
def test_kommun_pool_by_users_sums_exactly_and_is_traceable():
    w = world()
    p = pool(w, "Kommungemensamma system", "1000.00", KeyKind.USERS)
    key_values(w, KeyKind.USERS, {"Alfa": "7", "Beta": "11", "Gamma": "13"})
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert _charges(run) == {
        ("Alfa", p.name): D("225.81"),
        ("Beta", p.name): D("354.84"),
        ("Gamma", p.name): D("419.35"),
    }
    charge = run.charges.get(forvaltning__name="Beta")
    assert (charge.pool, charge.key_kind, charge.key_value, charge.key_total) == (
        p,
        KeyKind.USERS,
        D("11"),
        D("31"),
    )
    assert run.total == D("1000.00")
    assert run.inputs["pools"][0]["values"] == {"Alfa": "7.00", "Beta": "11.00", "Gamma": "13.00"}


@pytest.mark.django_db
def test_samverkan_pool_is_split_between_kommuner_then_within_the_kommun():
    w = world()
    p = pool(w, "ABC-IT drift", "99999.99", KeyKind.POPULATION, samverkan=True, inner=KeyKind.USERS)
    key_values(w, KeyKind.USERS, {"Alfa": "1", "Beta": "1", "Gamma": "1"})
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    # Level 1: 9 999 999 öre × 50/30/20 % = 4 999 999,5 / 2 999 999,7 / 1 999 999,8;
    # the two öre left go to Cedby (,8) and Bjärby (,7).
    split = {row["kommun"]: D(row["amount"]) for row in run.inputs["pools"][0]["kommun_split"]}
    assert split == {"Ankeby": D("49999.99"), "Bjärby": D("30000.00"), "Cedby": D("20000.00")}
    assert sum(split.values()) == D("99999.99")
    # Level 2: 4 999 999 öre / 3 = 1 666 666,33…; the öre left goes to Alfa (the first name).
    assert _charges(run) == {
        ("Alfa", p.name): D("16666.67"),
        ("Beta", p.name): D("16666.66"),
        ("Gamma", p.name): D("16666.66"),
    }
    assert {c.base_amount for c in run.charges.all()} == {D("49999.99")}


@pytest.mark.django_db
def test_a_member_kommun_gets_the_same_first_level_part():
    w = world()
    pool(w, "ABC-IT drift", "99999.99", KeyKind.POPULATION, samverkan=True, inner=KeyKind.USERS)
    bjarby_forv = ForvaltningFactory(kommun=w["bjarby"], name="Skola")
    KeyValue.objects.create(
        kommun=w["bjarby"], forvaltning=bjarby_forv, year=YEAR, key_kind=KeyKind.USERS, value=5
    )
    ekonom = user_with_role(Role.EKONOM, kommun=w["bjarby"])
    run = services.run_distribution(actor=ekonom, kommun=w["bjarby"], year=YEAR)
    assert [c.amount for c in run.charges.all()] == [D("30000.00")]


@pytest.mark.django_db
def test_direct_fixed_and_devices_keys():
    w = world()
    direct = pool(w, "E-arkiv", "500.00", KeyKind.DIRECT)
    direct.direct_forvaltning = w["forv"]["Beta"]
    direct.save()
    fixed = pool(w, "Plattform", "300.00", KeyKind.FIXED)
    key_values(w, KeyKind.FIXED, {"Alfa": "50", "Beta": "25", "Gamma": "25"}, pool=fixed)
    devices = pool(w, "Nätverk", "100.00", KeyKind.DEVICES)
    RentalCount.objects.create(
        kommun=w["ankeby"], forvaltning=w["forv"]["Alfa"], year=YEAR, item_kind="dator", count=1
    )
    RentalCount.objects.create(
        kommun=w["ankeby"], forvaltning=w["forv"]["Gamma"], year=YEAR, item_kind="dator", count=3
    )
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    charges = _charges(run)
    assert charges[("Beta", direct.name)] == D("500.00")
    assert [charges[(n, fixed.name)] for n in ("Alfa", "Beta", "Gamma")] == [
        D("150.00"),
        D("75.00"),
        D("75.00"),
    ]
    assert (charges[("Alfa", devices.name)], charges[("Gamma", devices.name)]) == (
        D("25.00"),
        D("75.00"),
    )
    assert ("Beta", devices.name) not in charges


@pytest.mark.django_db
def test_a_zero_key_is_refused_in_swedish_and_nothing_is_saved():
    w = world()
    pool(w, "Kommungemensamma system", "1000.00", KeyKind.USERS)
    with pytest.raises(ValidationError) as exc:
        services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert "summerar till noll" in " ".join(exc.value.messages)
    assert not DistributionRun.objects.exists() and not Charge.objects.exists()


@pytest.mark.django_db
def test_fixed_shares_not_summing_to_100_are_refused():
    w = world()
    fixed = pool(w, "Plattform", "300.00", KeyKind.FIXED)
    key_values(w, KeyKind.FIXED, {"Alfa": "50", "Beta": "30", "Gamma": "19.5"}, pool=fixed)
    with pytest.raises(ValidationError) as exc:
        services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert "99,50 %, inte 100 %" in " ".join(exc.value.messages)
    assert not DistributionRun.objects.exists()


@pytest.mark.django_db
def test_rent_per_month_from_the_decided_price_list():
    w = world()
    prices = PriceList.objects.create(kommun=w["ankeby"], year=YEAR)
    PriceItem.objects.create(price_list=prices, item_kind=ItemKind.DATOR, price=D("100"))
    PriceItem.objects.create(
        price_list=prices, item_kind=ItemKind.SKRIVARE, price=D("1000"), period=PricePeriod.YEAR
    )
    services.decide_price_list(actor=w["ekonom"], price_list=prices, decision_reference="FG §3")
    RentalCount.objects.create(
        kommun=w["ankeby"], forvaltning=w["forv"]["Alfa"], year=YEAR, item_kind="dator", count=3
    )
    RentalCount.objects.create(
        kommun=w["ankeby"], forvaltning=w["forv"]["Beta"], year=YEAR, item_kind="skrivare", count=1
    )
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    alfa = run.charges.filter(forvaltning__name="Alfa", source="hyra")
    assert {c.amount for c in alfa} == {D("300.00")} and alfa.count() == 12
    beta = {c.month: c.amount for c in run.charges.filter(forvaltning__name="Beta")}
    assert beta[1] == beta[4] == D("83.34") and beta[5] == beta[12] == D("83.33")
    assert sum(beta.values()) == D("1000.00")
    assert run.total == D("4600.00")


@pytest.mark.django_db
def test_a_new_run_leaves_the_old_one_frozen():
    w = world()
    pool(w, "Kommungemensamma system", "90.00", KeyKind.USERS)
    key_values(w, KeyKind.USERS, {"Alfa": "1", "Beta": "2"})
    first = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    KeyValue.objects.filter(forvaltning__name="Beta").update(value=1)
    second = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert (first.number, second.number) == (1, 2)
    assert _charges(first)[("Beta", "Kommungemensamma system")] == D("60.00")
    assert _charges(second)[("Beta", "Kommungemensamma system")] == D("45.00")
    with pytest.raises(ValidationError):
        first.save()


# --- service refusals -------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_kommuns_ekonom_or_it_strateg_runs_the_distribution():
    w = world()
    pool(w, "Kommungemensamma system", "90.00", KeyKind.USERS)
    key_values(w, KeyKind.USERS, {"Alfa": "1"})
    chief = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w["forv"]["Alfa"])
    other = user_with_role(Role.EKONOM, kommun=w["bjarby"])
    for actor in (chief, other):
        with pytest.raises(ValidationError) as exc:
            services.run_distribution(actor=actor, kommun=w["ankeby"], year=YEAR)
        assert "ekonom eller IT-strateg" in exc.value.messages[0]
    strateg = user_with_role(Role.IT_STRATEG, kommun=w["ankeby"])
    assert services.run_distribution(actor=strateg, kommun=w["ankeby"], year=YEAR).number == 1


@pytest.mark.django_db
def test_a_decided_price_list_is_frozen():
    w = world()
    prices = PriceList.objects.create(kommun=w["ankeby"], year=YEAR)
    item = PriceItem.objects.create(price_list=prices, item_kind=ItemKind.DATOR, price=D("100"))
    with pytest.raises(ValidationError):
        services.decide_price_list(actor=w["ekonom"], price_list=prices, decision_reference=" ")
    services.decide_price_list(actor=w["ekonom"], price_list=prices, decision_reference="FG §3")
    item.price = D("1")
    with pytest.raises(ValidationError) as exc:
        services.save_price_item(actor=w["ekonom"], item=item)
    assert "beslutad" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.delete_price_item(actor=w["ekonom"], item=item)
    with pytest.raises(ValidationError):
        services.decide_price_list(actor=w["ekonom"], price_list=prices, decision_reference="x")
    assert PriceItem.objects.get(pk=item.pk).price == D("100")


@pytest.mark.django_db
def test_price_list_of_another_kommun_is_refused():
    w = world()
    prices = PriceList.objects.create(kommun=w["bjarby"], year=YEAR)
    item = PriceItem(price_list=prices, item_kind=ItemKind.DATOR, price=D("100"))
    with pytest.raises(ValidationError):
        services.save_price_item(actor=w["ekonom"], item=item)
    with pytest.raises(ValidationError):
        services.save_price_list(
            actor=w["ekonom"], price_list=PriceList(kommun=w["bjarby"], year=YEAR + 1)
        )
    assert not PriceItem.objects.exists()


@pytest.mark.django_db
def test_negative_counts_are_refused_in_swedish():
    w = world()
    count = RentalCount(forvaltning=w["forv"]["Alfa"], year=YEAR, item_kind="dator", count=-2)
    with pytest.raises(ValidationError) as exc:
        services.save_rental_count(actor=w["ekonom"], count=count)
    assert exc.value.message_dict["count"] == ["Antalet kan inte vara negativt."]
    assert not RentalCount.objects.exists()


@pytest.mark.django_db
def test_a_forvaltningschef_cannot_enter_counts_or_keys():
    w = world()
    chief = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w["forv"]["Alfa"])
    with pytest.raises(ValidationError):
        services.save_rental_count(
            actor=chief,
            count=RentalCount(forvaltning=w["forv"]["Alfa"], year=YEAR, item_kind="dator", count=2),
        )
    with pytest.raises(ValidationError):
        services.save_key_value(
            actor=chief,
            key_value=KeyValue(
                forvaltning=w["forv"]["Alfa"], year=YEAR, key_kind=KeyKind.USERS, value=3
            ),
        )
    assert not RentalCount.objects.exists() and not KeyValue.objects.exists()


@pytest.mark.django_db
def test_a_pool_summing_selected_systems_costs_and_its_refusals():
    from tests.factories import SystemCostFactory, SystemFactory

    w = world()
    system = SystemFactory(forvaltning=w["forv"]["Alfa"])
    SystemCostFactory(system=system, year=YEAR, amount=D("600.00"))
    SystemCostFactory(system=system, year=YEAR - 1, amount=D("999.00"))
    p = pool(w, "E-tjänsteplattform", "1", KeyKind.USERS)
    p.amount = None
    services.save_pool(actor=w["ekonom"], pool=p, systems=[system])
    key_values(w, KeyKind.USERS, {"Alfa": "1", "Beta": "2"})
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert run.total == D("600.00")
    assert run.inputs["pools"][0]["systems"] == [system.name]
    chief = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w["forv"]["Alfa"])
    p.name = "Ändrad"
    with pytest.raises(ValidationError):
        services.save_pool(actor=chief, pool=p, systems=[system])
    assert p.__class__.objects.get(pk=p.pk).name == "E-tjänsteplattform"


@pytest.mark.django_db
def test_fixed_shares_between_samverkan_kommuner():
    w = world()
    p = pool(w, "ABC-IT", "1000.00", KeyKind.FIXED, samverkan=True, inner=KeyKind.USERS)
    for kommun, share in ((w["ankeby"], "50"), (w["bjarby"], "25"), (w["cedby"], "25")):
        services.save_key_value(
            actor=w["ekonom"],
            key_value=KeyValue(
                kommun=kommun, year=YEAR, key_kind=KeyKind.FIXED, pool=p, value=share
            ),
        )
    key_values(w, KeyKind.USERS, {"Gamma": "4"})
    run = services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    assert [c.amount for c in run.charges.all()] == [D("500.00")]
