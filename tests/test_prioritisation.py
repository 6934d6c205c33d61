"""The prioritisation maths (pure functions, no database)."""

import itertools
from decimal import Decimal

import pytest

from portfolio.prioritisation import calculation as m

D = Decimal


def crit(id_, weight, higher=True):
    return m.CriterionSpec(id_, f"K{id_}", D(weight), higher)


# --- Scoring -----------------------------------------------------------------------


def test_all_max_scores_give_100_and_all_zero_give_0():
    criteria = [crit(1, 3), crit(2, 1)]
    assert m.compute_score(criteria, {1: 5, 2: 5}).score == D("100.00")
    assert m.compute_score(criteria, {1: 0, 2: 0}).score == D("0.00")


def test_inverse_criteria_count_the_other_way():
    cost = crit(1, 1, higher=False)
    assert m.compute_score([cost], {1: 0}).score == D("100.00")
    assert m.compute_score([cost], {1: 5}).score == D("0.00")
    assert m.compute_score([cost], {1: 2}).score == D("60.00")  # (5-2)/5


def test_weighted_mix_and_contributions_add_up():
    # weights 3 (higher), 2 (inverse): (3*4/5 + 2*(5-1)/5) / 5 * 100 = (2.4+1.6)/5*100 = 80
    criteria = [crit(1, 3), crit(2, 2, higher=False)]
    result = m.compute_score(criteria, {1: 4, 2: 1})
    assert result.score == D("80.00")
    assert [c.points for c in result.contributions] == [D("48.00"), D("32.00")]
    assert sum(c.points for c in result.contributions) == result.score
    assert result.complete


def test_zero_weight_criterion_is_ignored():
    criteria = [crit(1, 2), crit(2, 0)]
    assert m.compute_score(criteria, {1: 5, 2: 0}).score == D("100.00")
    assert [c.criterion_id for c in m.compute_score(criteria, {1: 5}).contributions] == [1]


def test_all_weights_zero_gives_score_zero():
    criteria = [crit(1, 0), crit(2, 0)]
    result = m.compute_score(criteria, {1: 5, 2: 5})
    assert result.score == D("0.00")
    assert result.contributions == ()
    assert m.compute_score([], {}).score == D("0.00")


def test_missing_value_contributes_nothing_and_marks_incomplete():
    criteria = [crit(1, 1), crit(2, 1, higher=False)]
    result = m.compute_score(criteria, {1: 5})
    assert result.score == D("50.00")
    assert not result.complete


def test_value_outside_scale_is_refused():
    with pytest.raises(ValueError):
        m.compute_score([crit(1, 1)], {1: 6})


# --- Gates -------------------------------------------------------------------------


GATES = {
    "nyttokalkyl_finns": "has_benefit",
    "finansiering_angiven": "has_financing",
    "kostnad_angiven": "has_cost",
}


@pytest.mark.parametrize("code,fact", GATES.items())
def test_computed_flag_gates(code, fact):
    gate = m.GateSpec(1, code, "computed", code)
    assert not m.evaluate_gate(gate, m.InitiativeFacts()).passed
    assert m.evaluate_gate(gate, m.InitiativeFacts(**{fact: True})).passed
    assert m.evaluate_gate(gate, m.InitiativeFacts()).reason


def test_goal_gate():
    gate = m.GateSpec(1, "Mål", "computed", "mal_kopplat")
    failed = m.evaluate_gate(gate, m.InitiativeFacts(n_goals=0))
    assert not failed.passed and "mål" in failed.reason
    assert m.evaluate_gate(gate, m.InitiativeFacts(n_goals=2)).passed


def test_classification_gate_names_the_unclassified_systems():
    gate = m.GateSpec(1, "KRT", "computed", "informationsklassning_gjord")
    facts = m.InitiativeFacts(systems=(("Procapita", True), ("Skolplattform", False)))
    result = m.evaluate_gate(gate, facts)
    assert not result.passed
    assert "Skolplattform" in result.reason and "Procapita" not in result.reason
    assert m.evaluate_gate(gate, m.InitiativeFacts(systems=(("A", True),))).passed
    assert m.evaluate_gate(gate, m.InitiativeFacts()).passed  # nothing to classify


def test_manual_gate_needs_a_confirmation():
    gate = m.GateSpec(7, "Förankrat", "manual")
    assert not m.evaluate_gate(gate, m.InitiativeFacts()).passed
    assert m.evaluate_gate(gate, m.InitiativeFacts(confirmed_gate_ids=frozenset({7}))).passed


def test_failing_a_gate_keeps_the_initiative_out_of_the_ranking():
    ok = m.RankItem(1, D(50), gates=[m.GateResult(1, "g", True, "")])
    bad = m.RankItem(2, D(90), gates=[m.GateResult(1, "g", False, "saknas")])
    ranked, failing = m.rank([ok, bad])
    assert [i.id for i in ranked] == [1]
    assert [i.id for i in failing] == [2]
    assert failing[0].failed_gates[0].reason == "saknas"


# --- Ties ----------------------------------------------------------------------------


def test_ties_break_on_cost_then_created_then_id_whatever_the_input_order():
    items = [
        m.RankItem(10, D(70), cost=D(100), created_order=2),
        m.RankItem(11, D(70), cost=D(50), created_order=3),  # cheaper wins
        m.RankItem(12, D(70), cost=D(100), created_order=1),  # earlier wins
        m.RankItem(9, D(70), cost=D(100), created_order=2),  # same again: lower id
        m.RankItem(13, D(80), cost=D(999), created_order=9),  # higher score first
    ]
    for permutation in itertools.permutations(items):
        ranked, _ = m.rank(list(permutation))
        assert [i.id for i in ranked] == [13, 11, 12, 9, 10]
        assert [i.position for i in ranked] == [1, 2, 3, 4, 5]


# --- Overrides -----------------------------------------------------------------------


def _items(n):
    return [m.RankItem(i, D(100 - i)) for i in range(1, n + 1)]


def test_override_moves_up_and_down_and_is_clamped():
    items = _items(5)
    items[3].override = 2  # id 4 up two places
    ranked, _ = m.rank(items)
    assert [i.id for i in ranked] == [1, 4, 2, 3, 5]
    assert ranked[1].base_position == 4 and ranked[1].position == 2
    items = _items(4)
    items[0].override = -10  # id 1 down past the end: clamped to last
    items[3].override = 10  # id 4 up past the top: clamped to first
    ranked, _ = m.rank(items)
    assert [i.id for i in ranked] == [4, 2, 3, 1]


# --- Cut line -----------------------------------------------------------------------


def _costed(*costs):
    items = [m.RankItem(i, D(100 - i), cost=D(c)) for i, c in enumerate(costs, start=1)]
    ranked, _ = m.rank(items)
    return ranked


def test_cost_equal_to_the_budget_fits():
    ranked = _costed(400, 600, 100)
    cut = m.cut_line(ranked, D(1000))
    assert [i.above_line for i in ranked] == [True, True, False]
    assert cut.line_after == 2
    assert cut.used == D(1000) and cut.remaining == D(0)
    assert ranked[1].cumulative == D(1000)


def test_one_krona_over_the_budget_does_not_fit():
    ranked = _costed(400, 601, 100)
    cut = m.cut_line(ranked, D(1000))
    assert [i.above_line for i in ranked] == [True, False, False]
    assert cut.line_after == 1
    assert cut.remaining == D(600)


def test_the_line_is_a_line_smaller_items_below_it_stay_below():
    ranked = _costed(900, 200, 50)
    m.cut_line(ranked, D(1000))
    assert [i.above_line for i in ranked] == [True, False, False]


def test_everything_fits_and_no_budget():
    ranked = _costed(1, 2)
    cut = m.cut_line(ranked, D(3))
    assert cut.line_after == 2 and cut.remaining == D(0)
    ranked = _costed(1, 2)
    cut = m.cut_line(ranked, None)
    assert cut.line_after is None and cut.remaining is None and cut.used == D(3)
    assert ranked[1].cumulative == D(3)


def test_nothing_fits_line_before_the_first():
    ranked = _costed(5)
    assert m.cut_line(ranked, D(4)).line_after == 0


def test_per_source_demand_replaces_cost():
    ranked = _costed(500, 500)
    ranked[0].demand = D(0)  # no money from this source
    ranked[1].demand = D(300)
    cut = m.cut_line(ranked, D(300))
    assert [i.above_line for i in ranked] == [True, True]
    assert cut.remaining == D(0)


# --- Load and comparison -------------------------------------------------------------


def test_load_warns_when_capacity_is_exceeded():
    rows = m.compute_load([(1, "Soc", 2), (2, "BoU", 3), (3, "KLK", None)], {1: 2, 2: 1}, {1: 1})
    by_name = {r.name: r for r in rows}
    assert by_name["Soc"].total == 3 and by_name["Soc"].exceeded
    assert not by_name["BoU"].exceeded
    assert not by_name["KLK"].exceeded


def test_compare_rankings_reports_moves():
    old = [{"id": 1, "position": 1}, {"id": 2, "position": 2}, {"id": 3, "position": 3}]
    new = [{"id": 2, "position": 1}, {"id": 1, "position": 2}, {"id": 4, "position": 3}]
    rows = {r["id"]: r for r in m.compare_rankings(old, new)}
    assert rows[2]["moved"] == 1 and rows[1]["moved"] == -1
    assert rows[4]["moved"] is None and rows[4]["old"] is None
    assert rows[3]["new"] is None


# --- Charts --------------------------------------------------------------------------


def test_svg_charts_carry_text_alternatives_and_escape_labels():
    from portfolio.prioritisation.charts import bar_chart, bubble_chart, risk_band

    svg = bubble_chart(
        [{"number": 1, "label": "<script>", "x": D(100), "y": D(50), "risk_band": "high"}],
        "m",
        "Nytta & kostnad",
        "Beskrivning",
    )
    assert 'role="img"' in svg and 'aria-labelledby="m-title m-desc"' in svg
    assert '<title id="m-title">Nytta &amp; kostnad</title>' in svg
    assert '<desc id="m-desc">Beskrivning</desc>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    bars = bar_chart([("Mål A", D(10)), ("Mål B", D(0))], "b", "Kostnad per mål", "Staplar")
    assert bars.count("<rect") == 2 and "10 kr" in bars
    assert bubble_chart([], "e", "Tom", "Inga punkter").endswith("</svg>")
    assert [risk_band(v) for v in (None, 4, 8, 15)] == ["none", "low", "medium", "high"]
