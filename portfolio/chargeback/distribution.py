"""Running the distribution of a kommun's year: ``run_distribution()``.

A run takes, for one kommun and year:

* the kommun's own cost pools, each split between its förvaltningar by the
  pool's key (``allocation.allocate``: exact to the öre, largest remainder,
  ties by förvaltning name);
* the cost pools of every samverkan the kommun is host or member of: two
  levels, each exact. First the pool is split between all the samverkan's
  kommuner (host and members) by the pool's kommun key (invånare and anställda
  from ``KommunYearFigures``, or fixed shares); the split is the same whichever
  member runs it. Then this kommun's part is split between its förvaltningar
  by the pool's key within the kommuner, with this kommun's own key values;
* the hyressystem: each förvaltning's rented items times the decided price
  list's price (the kommun's own list, else its samverkan's), per item kind
  and month (a yearly price is spread over the twelve months exactly).

Any problem (a key that sums to zero, fixed shares that do not sum to 100, a
missing figure or price) refuses the whole run with Swedish messages and
saves nothing. A successful run stores its charges and every input it used.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils.translation import gettext as _

from portfolio import policy
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
    ChargeSource,
    CostPool,
    DistributionRun,
    ItemKind,
    KeyKind,
    KeyValue,
    PriceListStatus,
    PricePeriod,
    RentalCount,
)
from portfolio.chargeback.models import PriceList as PriceListModel
from portfolio.models import Forvaltning, Kommun, KommunYearFigures, Samverkansorganisation
from portfolio.registers.models import SystemCost

ZERO = Decimal(0)


def pool_amounts(pools) -> dict[int, Decimal]:
    """Each pool's amount: typed in, or the sum of its systems' costs of the pool's year."""
    amounts = {p.pk: p.amount for p in pools if p.amount is not None}
    from_systems = [p for p in pools if p.amount is None]
    if from_systems:
        through = CostPool.systems.through.objects.filter(
            costpool_id__in=[p.pk for p in from_systems]
        ).values_list("costpool_id", "system_id")
        systems_of = defaultdict(set)
        for pool_id, system_id in through:
            systems_of[pool_id].add(system_id)
        years = {p.year for p in from_systems}
        costs = defaultdict(Decimal)
        for row in (
            SystemCost.objects.filter(
                system__in={s for ids in systems_of.values() for s in ids}, year__in=years
            )
            .order_by()
            .values("system_id", "year")
            .annotate(total=Sum("amount"))
        ):
            costs[(row["system_id"], row["year"])] += row["total"]
        for p in from_systems:
            amounts[p.pk] = sum((costs[(s, p.year)] for s in systems_of[p.pk]), ZERO)
    return amounts


def samverkan_of(kommun) -> list[Samverkansorganisation]:
    return list(
        Samverkansorganisation.objects.filter(Q(host=kommun) | Q(members=kommun))
        .distinct()
        .prefetch_related("members")
        .select_related("host")
    )


class Run:
    """The computation of one run, before anything is saved."""

    def __init__(self, kommun, year: int):
        self.kommun = kommun
        self.year = year
        self.errors: list[str] = []
        self.charges: list[Charge] = []
        self.inputs: dict = {"kommun": kommun.name, "year": year, "pools": [], "rent": None}
        self.forvaltningar = list(Forvaltning.objects.filter(kommun=kommun).order_by("name"))
        self.samverkan = samverkan_of(kommun)
        self.pools = list(
            CostPool.objects.filter(
                Q(kommun=kommun) | Q(samverkan__in=[s.pk for s in self.samverkan]), year=year
            )
            .select_related("samverkan", "direct_forvaltning")
            .prefetch_related("systems")
            .order_by(F("samverkan_id").asc(nulls_first=True), "name", "pk")
        )
        self.amounts = pool_amounts(self.pools)
        self.values: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
        self.kommun_shares: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for kv in KeyValue.objects.filter(
            Q(kommun=kommun, year=year) | Q(pool__in=[p.pk for p in self.pools if p.samverkan_id])
        ):
            if kv.forvaltning_id is None:
                self.kommun_shares[kv.pool_id][kv.kommun_id] = kv.value
            elif kv.kommun_id == kommun.pk and kv.year == year:
                self.values[(kv.key_kind, kv.pool_id)][kv.forvaltning_id] = kv.value
        self.counts: dict[int, dict[str, int]] = defaultdict(dict)
        for rc in RentalCount.objects.filter(kommun=kommun, year=year):
            self.counts[rc.forvaltning_id][rc.item_kind] = rc.count
        devices = {f: sum(kinds.values()) for f, kinds in self.counts.items()}
        self.values[(KeyKind.DEVICES, None)] = devices

    # --- keys -----------------------------------------------------------------------------
    def forvaltning_weights(self, pool, key: str) -> dict[int, Decimal]:
        if key == KeyKind.FIXED:
            return self.values.get((KeyKind.FIXED, pool.pk), {})
        return self.values.get((key, None), {})

    def split_in_kommun(self, pool, key: str, amount: Decimal) -> dict[int, tuple]:
        """{förvaltning id: (part, key value, key total)} or None after recording an error."""
        if key == KeyKind.DIRECT:
            f = pool.direct_forvaltning
            return {f.pk: (amount, Decimal(1), Decimal(1))}
        weights = self.forvaltning_weights(pool, key)
        label = KeyKind(key).label
        if key == KeyKind.FIXED:
            try:
                check_fixed_shares(list(weights.values()))
            except AllocationError:
                total = sum(weights.values(), ZERO)
                self.errors.append(
                    _(
                        "De fasta andelarna för %(pool)s i %(kommun)s summerar till %(sum)s %%, "
                        "inte 100 %%."
                    )
                    % {
                        "pool": pool.name,
                        "kommun": self.kommun.name,
                        "sum": str(total).replace(".", ","),
                    }
                )
                return None
        recipients = [Recipient(f.pk, f.name, weights.get(f.pk, ZERO)) for f in self.forvaltningar]
        try:
            parts = allocate(amount, recipients)
        except ZeroKeyError:
            self.errors.append(
                _(
                    "Nyckeln %(key)s för %(pool)s summerar till noll i %(kommun)s %(year)s: "
                    "ange nyckelvärden innan fördelningen körs."
                )
                % {"key": label, "pool": pool.name, "kommun": self.kommun.name, "year": self.year}
            )
            return None
        total = sum((r.weight for r in recipients), ZERO)
        return {r.key: (parts[r.key], Decimal(r.weight), total) for r in recipients if r.weight > 0}

    def split_between_kommuner(self, pool, amount: Decimal) -> dict[int, Decimal] | None:
        s = pool.samverkan
        kommuner = sorted({s.host, *s.members.all()}, key=lambda k: k.name)
        key = pool.key_kind
        if key == KeyKind.FIXED:
            weights = self.kommun_shares.get(pool.pk, {})
            try:
                check_fixed_shares(list(weights.values()))
            except AllocationError:
                self.errors.append(
                    _(
                        "De fasta andelarna mellan kommunerna för %(pool)s summerar inte "
                        "till 100 %%."
                    )
                    % {"pool": pool.name}
                )
                return None
        else:
            figures = {
                f.kommun_id: f
                for f in KommunYearFigures.objects.filter(kommun__in=kommuner, year=pool.year)
            }
            missing = [k.name for k in kommuner if k.pk not in figures]
            if missing:
                self.errors.append(
                    _("Invånare och anställda %(year)s saknas för %(kommuner)s (%(pool)s).")
                    % {"year": pool.year, "kommuner": ", ".join(missing), "pool": pool.name}
                )
                return None
            field = "population" if key == KeyKind.POPULATION else "employees"
            weights = {k: Decimal(getattr(figures[k], field)) for k in figures}
        recipients = [Recipient(k.pk, k.name, weights.get(k.pk, ZERO)) for k in kommuner]
        try:
            parts = allocate(amount, recipients)
        except ZeroKeyError:
            self.errors.append(
                _("Nyckeln %(key)s för %(pool)s summerar till noll mellan kommunerna.")
                % {"key": KeyKind(key).label, "pool": pool.name}
            )
            return None
        self.current_split = [
            {"kommun": k.name, "weight": str(weights.get(k.pk, ZERO)), "amount": str(parts[k.pk])}
            for k in kommuner
        ]
        return parts

    # --- pools ----------------------------------------------------------------------------
    def run_pools(self) -> None:
        names = {f.pk: f.name for f in self.forvaltningar}
        for pool in self.pools:
            amount = self.amounts[pool.pk]
            entry = {
                "id": pool.pk,
                "name": pool.name,
                "kind": pool.kind,
                "owner": str(pool.owner),
                "amount": str(amount),
                "from_systems": pool.amount is None,
                "systems": sorted(s.name for s in pool.systems.all()),
                "key": pool.key_kind,
            }
            base = amount
            key = pool.key_kind
            if pool.samverkan_id:
                self.current_split = []
                parts = self.split_between_kommuner(pool, amount)
                if parts is None:
                    continue
                base = parts[self.kommun.pk]
                key = pool.inner_key_kind
                entry.update(kommun_split=self.current_split, kommun_amount=str(base))
            entry["inner_key"] = key
            split = self.split_in_kommun(pool, key, base)
            if split is None:
                continue
            entry["values"] = {names[f]: str(v) for f, (_p, v, _t) in split.items()}
            self.inputs["pools"].append(entry)
            for f, (part, value, total) in split.items():
                self.charges.append(
                    Charge(
                        kommun=self.kommun,
                        forvaltning_id=f,
                        source=ChargeSource.POOL,
                        pool=pool,
                        pool_name=pool.name,
                        key_kind=key,
                        key_value=value,
                        key_total=total,
                        base_amount=base,
                        amount=part,
                    )
                )

    # --- hyressystemet --------------------------------------------------------------------
    def price_list(self):
        decided = PriceListModel.objects.filter(year=self.year, status=PriceListStatus.BESLUTAD)
        own = decided.filter(kommun=self.kommun).first()
        return own or decided.filter(samverkan__in=[s.pk for s in self.samverkan]).first()

    def run_rent(self) -> None:
        if not any(n for kinds in self.counts.values() for n in kinds.values()):
            return
        price_list = self.price_list()
        if price_list is None:
            self.inputs["rent"] = {"note": _("Ingen beslutad prislista för året.")}
            return
        prices = {item.item_kind: item for item in price_list.items.all()}
        names = {f.pk: f.name for f in self.forvaltningar}
        self.inputs["rent"] = {
            "price_list": str(price_list),
            "decision": price_list.decision_reference,
            "prices": {k: [str(i.price), i.period] for k, i in prices.items()},
            "counts": {names[f]: kinds for f, kinds in self.counts.items()},
        }
        for forvaltning_id, kinds in sorted(self.counts.items(), key=lambda x: names[x[0]]):
            for kind, count in sorted(kinds.items()):
                if not count:
                    continue
                item = prices.get(kind)
                if item is None:
                    self.errors.append(
                        _("%(list)s saknar pris för %(kind)s.")
                        % {"list": price_list, "kind": ItemKind(kind).label}
                    )
                    continue
                yearly = item.yearly_price * count
                if item.period == PricePeriod.MONTH:
                    per_month = {m: item.price * count for m in range(1, 13)}
                else:
                    per_month = months(yearly)
                for month, part in per_month.items():
                    self.charges.append(
                        Charge(
                            kommun=self.kommun,
                            forvaltning_id=forvaltning_id,
                            source=ChargeSource.RENT,
                            pool_name=_("Hyressystemet"),
                            item_kind=kind,
                            month=month,
                            key_value=Decimal(count),
                            key_total=item.price,
                            base_amount=yearly,
                            amount=part,
                        )
                    )


def run_distribution(*, actor, kommun: Kommun, year: int) -> DistributionRun:
    """Distribute the kommun's pools and rent for ``year``: a new, frozen run (see module doc)."""
    if not policy.can_add(actor, DistributionRun, kommun_id=kommun.pk):
        raise ValidationError(_("Bara kommunens ekonom eller IT-strateg får köra fördelningen."))
    with transaction.atomic():
        # One run at a time per kommun: the row lock orders concurrent runs' numbers.
        kommun = Kommun.objects.select_for_update().get(pk=kommun.pk)
        run = Run(kommun, year)
        run.run_pools()
        run.run_rent()
        if run.errors:
            raise ValidationError(run.errors)
        if not run.charges:
            raise ValidationError(
                _(
                    "Det finns inget att fördela för %(kommun)s %(year)s: lägg in kostnadspooler "
                    "eller hyrd utrustning först."
                )
                % {"kommun": kommun.name, "year": year}
            )
        last = DistributionRun.objects.filter(kommun=kommun, year=year).aggregate(n=Max("number"))
        record = DistributionRun.objects.create(
            kommun=kommun,
            year=year,
            number=(last["n"] or 0) + 1,
            created_by=actor,
            total=sum((c.amount for c in run.charges), ZERO),
            inputs=run.inputs,
        )
        for charge in run.charges:
            charge.run = record
        Charge.objects.bulk_create(run.charges, batch_size=1000)
    return record


def latest_run(kommun_id: int, year: int):
    return (
        DistributionRun.objects.filter(kommun_id=kommun_id, year=year).order_by("-number").first()
    )
