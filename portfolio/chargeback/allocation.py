"""The distribution arithmetic of the debiteringsmodell: pure functions, no database.

``allocate(total, weights)`` splits an amount in kronor between recipients in
proportion to their key values so that the parts sum **exactly** to the total,
by the largest-remainder method (Hamilton's method) on öre:

1. The total is counted in öre (``total * 100``, an integer; a total with
   fractions of an öre is refused).
2. Each recipient's exact quota is ``total_öre * weight / sum_of_weights``
   (rational arithmetic, no floating point). Everyone first gets the quota
   rounded down to a whole öre.
3. The öre left over (fewer than the number of recipients) go one each to the
   recipients with the largest remainders (the fraction cut off in step 2).
   Equal remainders are broken by the recipient's name (alphabetically, as
   Swedish sorts it here: Python's string order of the name), then by id, so
   the result never depends on the order of the input.

A recipient with weight 0 gets 0 kr. A key whose weights sum to zero cannot
distribute anything and is refused (``ZeroKeyError``); negative weights are
refused too. The same function splits a samverkan pool between its kommuner
(first level) and each kommun's part between its förvaltningar (second
level), so both levels are exact; and it spreads a yearly rent over twelve
months (the recipients are the months, named so that January wins a tie).

Example (tested): 100,00 kr over three equal weights gives quotas of
3 333,33… öre; everyone gets 3 333 öre, and the one öre left goes to the
first name: 33,34 + 33,33 + 33,33 = 100,00 kr.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ORE = Decimal("0.01")
HUNDRED = Decimal(100)


class AllocationError(ValueError):
    """The key cannot distribute the amount (message in Swedish)."""


class ZeroKeyError(AllocationError):
    pass


@dataclass(frozen=True)
class Recipient:
    """Who receives a part: ``key`` identifies them, ``name`` breaks ties."""

    key: object
    name: str
    weight: Decimal


def to_ore(amount: Decimal) -> int:
    amount = Decimal(amount)
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise AllocationError(f"Beloppet {amount} har delar av ett öre.")
    return int(ore)


def allocate(total: Decimal, recipients: list[Recipient]) -> dict[object, Decimal]:
    """{recipient key: part in kronor}; the parts sum exactly to ``total`` (see module doc)."""
    if any(Decimal(r.weight) < 0 for r in recipients):
        raise AllocationError("Ett nyckelvärde är negativt.")
    weights = [Fraction(Decimal(r.weight)) for r in recipients]
    weight_sum = sum(weights, Fraction(0))
    if weight_sum == 0:
        raise ZeroKeyError("Fördelningsnyckeln summerar till noll.")
    total_ore = to_ore(total)
    sign = -1 if total_ore < 0 else 1
    total_ore = abs(total_ore)
    quotas = [total_ore * w / weight_sum for w in weights]
    floors = [q.numerator // q.denominator for q in quotas]
    left = total_ore - sum(floors)
    order = sorted(
        range(len(recipients)),
        key=lambda i: (-(quotas[i] - floors[i]), recipients[i].name, str(recipients[i].key)),
    )
    for i in order[:left]:
        floors[i] += 1
    return {
        r.key: (Decimal(sign * ore) / 100).quantize(ORE)
        for r, ore in zip(recipients, floors, strict=True)
    }


def months(total: Decimal) -> dict[int, Decimal]:
    """A yearly amount spread over the months 1–12, exactly (January first on ties)."""
    return allocate(total, [Recipient(m, f"{m:02d}", Decimal(1)) for m in range(1, 13)])


def check_fixed_shares(shares: list[Decimal]) -> Decimal:
    """The sum of fixed shares in percent; AllocationError unless it is exactly 100."""
    total = sum((Decimal(s) for s in shares), Decimal(0))
    if total != HUNDRED:
        raise AllocationError(f"De fasta andelarna summerar till {total} %, inte 100 %.")
    return total
