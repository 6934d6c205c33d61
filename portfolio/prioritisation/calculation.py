"""The prioritisation maths: scores, gates, ranking, overrides, cut line, load.

Pure functions on plain data; nothing here touches the database. The queries
that feed them live in ``portfolio.prioritisation.services.build_ranking``.

Rules (documented here because the IT-styrgrupp will ask):

* **Score** = Σ(weight × normalised value) / Σ(weight), shown as 0–100.
  Normalised value = value / 5 for criteria where a high value is good, and
  (5 − value) / 5 for inverse criteria (cost, risk). Only active criteria
  with weight > 0 count. When the total weight is 0 the score is 0. A
  criterion that has not been scored contributes 0 and the result is marked
  incomplete (``complete=False``).
* **Contribution** of a criterion = weight × normalised / Σ(weight) × 100, so
  the contributions add up to the score.
* **Gates** (ska-krav): every active gate must pass. An initiative failing one
  is listed separately with the reasons and is not ranked.
* **Ties** are broken stably: higher score first, then an initiative with a
  cost estimate for the year before one without (an unknown cost is not a low
  cost), then lower total cost for the year, then earlier creation, then
  lower id.
* **Overrides** are applied after sorting, in the sorted order from the top:
  each moves its initiative up (positive) or down (negative) N places,
  clamped to the list.
* **Cut line**: walk the ranked list adding each initiative's cost for the
  year. An initiative is above the line while the running total is ≤ the
  budget (equal fits). The first initiative that does not fit draws the line;
  everything after it is below the line, even if smaller. What is left is
  budget − the total above the line. An initiative **without a cost
  estimate** for the year (``has_estimate=False``) is skipped: it neither
  fits nor draws the line (``above_line`` stays None, no cumulative sum), it
  consumes no budget, and the pages flag it "Saknar kostnadsuppskattning".
* **Load** (förändringsträngsel) per förvaltning: initiatives in genomförande
  plus those above the cut line, compared with the förvaltning's capacity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SCALE_MAX = 5
HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Gate codes (see portfolio.models.prioritisation.GateCode).
NYTTOKALKYL_FINNS = "nyttokalkyl_finns"
FINANSIERING_ANGIVEN = "finansiering_angiven"
KOSTNAD_ANGIVEN = "kostnad_angiven"
INFORMATIONSKLASSNING_GJORD = "informationsklassning_gjord"
MAL_KOPPLAT = "mal_kopplat"


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: Decimal
    higher_is_better: bool = True


@dataclass(frozen=True)
class Contribution:
    criterion_id: int
    name: str
    value: int | None
    points: Decimal  # share of the 0–100 score


@dataclass(frozen=True)
class ScoreResult:
    score: Decimal  # 0–100, two decimals
    contributions: tuple[Contribution, ...]
    complete: bool


def normalise(value: int, higher_is_better: bool) -> Decimal:
    if not 0 <= value <= SCALE_MAX:
        raise ValueError(f"score {value} outside 0–{SCALE_MAX}")
    raw = value if higher_is_better else SCALE_MAX - value
    return Decimal(raw) / SCALE_MAX


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ScoreTable:
    """``compute_score`` for many initiatives under one set of criteria.

    The weights are summed once and each criterion's contribution is computed
    once per possible value (0–5), with exactly the arithmetic of the rule
    above, so scoring an initiative is a few look-ups and additions.
    """

    def __init__(self, criteria: Iterable[CriterionSpec]):
        counted = [c for c in criteria if c.weight > 0]
        total_weight = sum((Decimal(c.weight) for c in counted), ZERO)
        self._rows = []  # (criterion id, {value: (points, Contribution)}, unscored Contribution)
        for c in counted:
            by_value = {}
            for value in range(SCALE_MAX + 1):
                if total_weight == 0:
                    points = ZERO
                else:
                    points = Decimal(c.weight) * normalise(value, c.higher_is_better)
                    points = points / total_weight * HUNDRED
                by_value[value] = (points, Contribution(c.id, c.name, value, _q(points)))
            self._rows.append((c.id, by_value, Contribution(c.id, c.name, None, _q(ZERO))))

    def score(self, values: Mapping[int, int]) -> ScoreResult:
        contributions = []
        complete = True
        score = ZERO
        for criterion_id, by_value, unscored in self._rows:
            value = values.get(criterion_id)
            if value is None:
                complete = False
                contributions.append(unscored)
                continue
            if value not in by_value:
                normalise(value, True)  # raises the out-of-range error
            points, contribution = by_value[value]
            score += points
            contributions.append(contribution)
        return ScoreResult(_q(score), tuple(contributions), complete)


def compute_score(criteria: Iterable[CriterionSpec], values: Mapping[int, int]) -> ScoreResult:
    """The weighted score 0–100 of one initiative; see the module docstring."""
    return ScoreTable(criteria).score(values)


# --- Gates ---------------------------------------------------------------------


@dataclass(frozen=True)
class GateSpec:
    id: int
    name: str
    kind: str  # "computed" | "manual"
    code: str = ""


@dataclass(frozen=True)
class InitiativeFacts:
    """What the computed gates look at."""

    has_benefit: bool = False
    has_financing: bool = False
    has_cost: bool = False
    # (system name, classified?) per affected system
    systems: tuple[tuple[str, bool], ...] = ()
    n_goals: int = 0
    confirmed_gate_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class GateResult:
    gate_id: int
    name: str
    passed: bool
    reason: str


def evaluate_gate(gate: GateSpec, facts: InitiativeFacts) -> GateResult:
    if gate.kind == "manual":
        ok = gate.id in facts.confirmed_gate_ids
        reason = "Bekräftat manuellt." if ok else "Inte bekräftat manuellt."
        return GateResult(gate.id, gate.name, ok, reason)
    code = gate.code
    if code == NYTTOKALKYL_FINNS:
        ok = facts.has_benefit
        reason = "Nyttokalkyl finns." if ok else "Ingen nyttokalkylrad är registrerad."
    elif code == FINANSIERING_ANGIVEN:
        ok = facts.has_financing
        reason = "Finansiering angiven." if ok else "Ingen finansiering är angiven."
    elif code == KOSTNAD_ANGIVEN:
        ok = facts.has_cost
        reason = "Kostnad angiven." if ok else "Ingen kostnad är angiven."
    elif code == INFORMATIONSKLASSNING_GJORD:
        missing = sorted(name for name, classified in facts.systems if not classified)
        ok = not missing
        if ok:
            reason = (
                "Alla påverkade system har K/R/T."
                if facts.systems
                else "Inga påverkade system att klassa."
            )
        else:
            reason = "Saknar informationsklassning (K/R/T): " + ", ".join(missing) + "."
    elif code == MAL_KOPPLAT:
        ok = facts.n_goals > 0
        reason = "Kopplat till strategiskt mål." if ok else "Inte kopplat till något mål."
    else:
        ok, reason = False, f"Okänd beräkning: {code}."
    return GateResult(gate.id, gate.name, ok, reason)


def evaluate_gates(gates: Iterable[GateSpec], facts: InitiativeFacts) -> list[GateResult]:
    return [evaluate_gate(g, facts) for g in gates]


# --- Ranking -------------------------------------------------------------------


@dataclass
class RankItem:
    """One initiative in a ranking. ``extra`` carries display data through."""

    id: int
    score: Decimal
    cost: Decimal = ZERO  # total cost for the year (tie-break and cut line)
    created_order: object = 0  # created_at or any comparable value
    gates: list[GateResult] = field(default_factory=list)
    override: int = 0
    demand: Decimal | None = None  # what counts against the budget; default ``cost``
    has_estimate: bool = True  # False: no cost estimate for the year (never fits, see cut_line)
    extra: dict = field(default_factory=dict)
    # filled in by rank()/apply_overrides()/cut_line()
    base_position: int = 0
    position: int = 0
    cumulative: Decimal | None = None
    above_line: bool | None = None

    @property
    def passes_gates(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed_gates(self) -> list[GateResult]:
        return [g for g in self.gates if not g.passed]


def sort_key(item: RankItem):
    """Higher score, then estimated before unestimated, lower cost, earlier created, lower id."""
    return (-item.score, not item.has_estimate, item.cost, item.created_order, item.id)


def apply_overrides(ranked: list[RankItem]) -> list[RankItem]:
    """Move items by their ``override`` (positive = up), in sorted order, clamped."""
    result = list(ranked)
    for item in ranked:
        if not item.override:
            continue
        index = result.index(item)
        target = min(max(index - item.override, 0), len(result) - 1)
        result.pop(index)
        result.insert(target, item)
    return result


def rank(items: Iterable[RankItem]) -> tuple[list[RankItem], list[RankItem]]:
    """(ranked, failing): gate failures are set aside, the rest sorted and overridden."""
    items = list(items)
    failing = sorted((i for i in items if not i.passes_gates), key=sort_key)
    ranked = sorted((i for i in items if i.passes_gates), key=sort_key)
    for position, item in enumerate(ranked, start=1):
        item.base_position = position
    ranked = apply_overrides(ranked)
    for position, item in enumerate(ranked, start=1):
        item.position = position
    return ranked, failing


@dataclass(frozen=True)
class CutLine:
    budget: Decimal | None
    used: Decimal
    remaining: Decimal | None
    line_after: int | None  # position after which the line is drawn (0: before the first)


def cut_line(ranked: list[RankItem], budget: Decimal | None) -> CutLine:
    """Mark each item above/below the budget line; see the module docstring."""
    running = ZERO
    line_after = None
    for item in ranked:
        if not item.has_estimate:
            item.cumulative = None
            item.above_line = None
            continue
        demand = item.demand if item.demand is not None else item.cost
        if budget is None:
            running += demand
            item.cumulative = running
            item.above_line = None
            continue
        if line_after is None and running + demand <= budget:
            running += demand
            item.cumulative = running
            item.above_line = True
        else:
            if line_after is None:
                line_after = item.position - 1
            item.cumulative = None
            item.above_line = False
    if budget is None:
        return CutLine(None, running, None, None)
    if line_after is None:
        line_after = len(ranked)
    return CutLine(budget, running, budget - running, line_after)


# --- Load (förändringsträngsel) -----------------------------------------------------


@dataclass(frozen=True)
class LoadRow:
    forvaltning_id: int
    name: str
    in_progress: int
    above_line: int
    capacity: int | None

    @property
    def total(self) -> int:
        return self.in_progress + self.above_line

    @property
    def exceeded(self) -> bool:
        return self.capacity is not None and self.total > self.capacity


def compute_load(
    forvaltningar: Iterable[tuple[int, str, int | None]],
    in_progress: Mapping[int, int],
    above_line: Mapping[int, int],
) -> list[LoadRow]:
    """One row per förvaltning (id, name, capacity); warning when total > capacity."""
    return [
        LoadRow(fid, name, in_progress.get(fid, 0), above_line.get(fid, 0), capacity)
        for fid, name, capacity in forvaltningar
    ]


# --- Comparing rounds ---------------------------------------------------------------


def compare_rankings(old: list[dict], new: list[dict]) -> list[dict]:
    """Rows for two snapshot rankings: old/new position and the move (positive = up)."""
    old_pos = {row["id"]: row for row in old}
    new_pos = {row["id"]: row for row in new}
    rows = []
    for row in new:
        before = old_pos.get(row["id"])
        moved = before["position"] - row["position"] if before else None
        rows.append({"id": row["id"], "old": before, "new": row, "moved": moved})
    for row in old:
        if row["id"] not in new_pos:
            rows.append({"id": row["id"], "old": row, "new": None, "moved": None})
    return rows
