"""Prioritisation: reading the ranking, and every state change.

``build_ranking`` gathers the data for one context (a kommun or a
samverkansorganisation) and year in a fixed number of queries and runs the
maths in ``portfolio.prioritisation``. The verb functions change state: each
takes the acting user as ``actor``, checks the policy, runs in one
transaction and writes the actor into the audit history. What a fastställd
(frozen) round locks is refused here too; see ``portfolio.prioritisation.freezing``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.budget.services import decided_frame
from portfolio.choices import InitiativeStatus
from portfolio.models import (
    BudgetLine,
    Criterion,
    Gate,
    GateConfirmation,
    Initiative,
    Override,
    Round,
    Score,
)
from portfolio.prioritisation import calculation as maths
from portfolio.prioritisation import freezing
from portfolio.prioritisation.contexts import (  # noqa: F401  (services.Context etc.)
    Context,
    can_run,
    context_for,
    require_context,
)
from portfolio.prioritisation.models import BUDGET_ALL, BUDGET_SOURCE_CHOICES, RoundStatus
from portfolio.prioritisation.ranking import (
    Labels,
    criterion_specs,
    item_snapshot,
    load_facts,
    load_rows,
    rank_item,
)
from portfolio.prioritisation.rules import can_steer_initiative

SCORABLE_STATUSES = (InitiativeStatus.KVALIFICERING, InitiativeStatus.PRIORITERING)
MASKED_TITLE = _("Initiativ från annan förvaltning")


# --- Reading the ranking ----


@dataclass
class Ranking:
    context: Context
    year: int
    source: str
    criteria: list
    gates: list
    ranked: list[maths.RankItem]
    failing: list[maths.RankItem]
    unscored: list[maths.RankItem]
    cut: maths.CutLine
    load: list[maths.LoadRow]
    budget_lines: list
    #: where the budget frame came from: FRAME_DECIDED, FRAME_TYPED or FRAME_NONE
    frame_source: str = "none"
    #: the decided budget version the frame was taken from (FRAME_DECIDED)
    frame_version: object | None = None

    @property
    def source_label(self) -> str:
        return dict(BUDGET_SOURCE_CHOICES).get(self.source, self.source)

    @property
    def unestimated(self) -> list[maths.RankItem]:
        """Ranked initiatives without a cost estimate for the year: never above the line."""
        return [i for i in self.ranked if not i.has_estimate]


def build_ranking(context: Context, year: int, source: str = BUDGET_ALL) -> Ranking:
    """The full ranking of a context for ``year``, unrestricted (views mask per user).

    Initiatives in kvalificering or prioritering take part. Those without any
    score are listed as unscored; those failing a gate as failing.
    """
    criteria = list(Criterion.objects.filter(**context.lookup, active=True))
    gates = list(Gate.objects.filter(**context.lookup, active=True))
    specs = criterion_specs(criteria)
    table = maths.ScoreTable(specs)
    criterion_ids = {c.id for c in specs}  # any active criterion, even one weighing 0
    gate_specs = [maths.GateSpec(g.pk, g.name, g.kind, g.code) for g in gates]
    overrides: dict[int, Override] = {}
    for o in Override.objects.filter(**context.lookup, year=year).select_related("created_by"):
        overrides.setdefault(o.initiative_id, o)  # newest first
    rows, facts = load_facts(context.initiatives().filter(status__in=SCORABLE_STATUSES))
    labels = Labels()
    items: list[maths.RankItem] = []
    unscored: list[maths.RankItem] = []
    for row in rows:
        ini_facts = facts[row["pk"]]
        item = rank_item(
            row, ini_facts, year, source, table, gate_specs, overrides.get(row["pk"]), labels
        )
        if criterion_ids.isdisjoint(ini_facts.scores):
            unscored.append(item)
        else:
            items.append(item)
    ranked, failing = maths.rank(items)
    unscored.sort(key=maths.sort_key)
    budget_lines = list(BudgetLine.objects.filter(**context.lookup, year=year))
    budget, frame_source, frame_version = _frame(context, year, source, budget_lines)
    cut = maths.cut_line(ranked, budget)
    load = load_rows(context, ranked)
    return Ranking(
        context,
        year,
        source,
        criteria,
        gates,
        ranked,
        failing,
        unscored,
        cut,
        load,
        budget_lines,
        frame_source,
        frame_version,
    )


FRAME_DECIDED, FRAME_TYPED, FRAME_NONE = "decided", "typed", "none"


def _frame(context: Context, year: int, source: str, budget_lines):
    """The budget frame of the cut line: (amount or None, where it came from, version).

    The decided IT budget of the year wins when there is one
    (``portfolio.budget.services.decided_frame``: the sum of its investering
    lines of the year, all owners, narrowed to ``source``); otherwise the
    frame typed on the Budget page.
    """
    frame = decided_frame(**context.lookup, year=year, source=source)
    if frame is not None:
        return frame.amount, FRAME_DECIDED, frame.version
    typed = next((b.amount for b in budget_lines if b.source == source), None)
    return typed, (FRAME_NONE if typed is None else FRAME_TYPED), None


def ranking_snapshot(ranking: Ranking) -> dict:
    cut = ranking.cut
    return {
        "context": ranking.context.name,
        "year": ranking.year,
        "source": ranking.source,
        "source_label": str(ranking.source_label),
        "criteria": [
            {
                "name": c.name,
                "weight": str(c.weight),
                "higher_is_better": c.higher_is_better,
            }
            for c in ranking.criteria
        ],
        "gates": [{"name": g.name, "kind": g.get_kind_display()} for g in ranking.gates],
        "ranking": [item_snapshot(i) for i in ranking.ranked],
        "failing": [item_snapshot(i) for i in ranking.failing],
        "unscored": [item_snapshot(i) for i in ranking.unscored],
        "budget": None if cut.budget is None else str(cut.budget),
        "budget_source": ranking.frame_source,
        "budget_version": str(ranking.frame_version) if ranking.frame_version else None,
        "used": str(cut.used),
        "remaining": None if cut.remaining is None else str(cut.remaining),
        "line_after": cut.line_after,
        "load": [
            {
                "forvaltning": row.name,
                "in_progress": row.in_progress,
                "above_line": row.above_line,
                "capacity": row.capacity,
                "exceeded": row.exceeded,
            }
            for row in ranking.load
        ],
    }


# --- State changes ----


def _require_steer(actor, initiative) -> None:
    policy.require(actor, policy.VIEW, initiative)
    if not can_steer_initiative(policy.get_scope(actor), initiative):
        raise PermissionDenied(
            _("Bara IT-strategen eller administratören får ändra prioriteringen.")
        )


def _require_scorable(initiative, message=None) -> None:
    if initiative.status not in SCORABLE_STATUSES:
        raise ValidationError(
            message or _("Bara initiativ i kvalificering eller prioritering kan poängsättas.")
        )


def _require_gate_scorable(initiative) -> None:
    _require_scorable(
        initiative, _("Ska-krav bekräftas bara för initiativ i kvalificering eller prioritering.")
    )


@transaction.atomic
def save_criterion(*, actor, criterion: Criterion) -> Criterion:
    """Create or change a criterion in a context the actor runs, unless a frozen round locks it."""
    require_context(actor, context_for(criterion), policy.MANAGE)
    freezing.refuse_locked_inputs(criterion)
    criterion.full_clean()
    criterion._history_user = actor
    criterion.save()
    return criterion


@transaction.atomic
def save_gate(*, actor, gate: Gate) -> Gate:
    require_context(actor, context_for(gate), policy.MANAGE)
    freezing.refuse_locked_inputs(gate)
    gate.full_clean()
    gate._history_user = actor
    gate.save()
    return gate


@transaction.atomic
def score_initiative(
    *, actor, initiative: Initiative, values: dict, comments: dict | None = None
) -> list[Score]:
    """Set the scores (criterion -> 0..5, None clears) of one initiative.

    A change is refused while a frozen round locks the criterion's context.
    """
    _require_steer(actor, initiative)
    _require_scorable(initiative)
    comments = comments or {}
    saved = []
    for criterion, value in values.items():
        existing = Score.objects.filter(initiative=initiative, criterion=criterion).first()
        if value is None:
            if existing:
                freezing.refuse_locked_inputs(criterion)
                existing._history_user = actor
                existing.delete()
            continue
        score = existing or Score(initiative=initiative, criterion=criterion)
        comment = comments.get(criterion, "")
        if existing and existing.value == value and existing.comment == comment:
            saved.append(existing)
            continue
        freezing.refuse_locked_inputs(criterion)
        score.value = value
        score.comment = comment
        score.scored_by = actor
        score.scored_at = timezone.now()
        score.full_clean()
        score._history_user = actor
        score.save()
        saved.append(score)
    return saved


@transaction.atomic
def confirm_gate(*, actor, initiative: Initiative, gate: Gate, comment: str):
    """Confirm a manual gate for an initiative (a comment is required)."""
    _require_steer(actor, initiative)
    _require_gate_scorable(initiative)
    if gate.kind != "manual":
        raise ValidationError(_("Bara manuella ska-krav bekräftas för hand."))
    if not comment.strip():
        raise ValidationError(_("Skriv en kommentar till bekräftelsen."))
    confirmation = GateConfirmation.objects.filter(gate=gate, initiative=initiative).first()
    if confirmation is not None and confirmation.comment == comment:
        return confirmation  # unchanged: no new history row, nothing a frozen round minds
    freezing.refuse_locked_inputs(gate)
    confirmation = confirmation or GateConfirmation(gate=gate, initiative=initiative)
    confirmation.comment = comment
    confirmation.confirmed_by = actor
    confirmation.confirmed_at = timezone.now()
    confirmation._history_user = actor
    confirmation.save()
    return confirmation


@transaction.atomic
def withdraw_gate_confirmation(*, actor, initiative: Initiative, gate: Gate) -> None:
    _require_steer(actor, initiative)
    _require_gate_scorable(initiative)
    for confirmation in GateConfirmation.objects.filter(gate=gate, initiative=initiative):
        freezing.refuse_locked_inputs(gate)
        confirmation._history_user = actor
        confirmation.delete()


def _require_ranked(context: Context, initiative: Initiative, year: int) -> None:
    """Only a ranked initiative (the list with Flytta) can be moved in the ranking."""
    if initiative.status not in SCORABLE_STATUSES:
        raise ValidationError(
            _("Bara initiativ i kvalificering eller prioritering kan flyttas i rangordningen.")
        )
    ranking = build_ranking(context, year)
    if any(i.id == initiative.pk for i in ranking.ranked):
        return
    if any(i.id == initiative.pk for i in ranking.failing):
        raise ValidationError(
            _("Initiativet uppfyller inte alla ska-krav och kan inte flyttas i rangordningen.")
        )
    raise ValidationError(_("Initiativet är inte poängsatt och kan inte flyttas i rangordningen."))


@transaction.atomic
def override_position(
    *, actor, context: Context, initiative: Initiative, year: int, positions: int, justification
) -> Override:
    """Log a manual move (positive = up); the newest override per initiative applies.

    Refused once the year's round is frozen (fastställd).
    """
    require_context(actor, context, policy.MANAGE)
    _require_steer(actor, initiative)
    if not context.initiatives().filter(pk=initiative.pk).exists():
        raise ValidationError(_("Initiativet hör inte till den här prioriteringen."))
    freezing.refuse_frozen_year(context, year)
    _require_ranked(context, initiative, year)
    if not (justification or "").strip():
        raise ValidationError({"justification": _("En motivering krävs.")})
    override = Override(
        **context.lookup,
        initiative=initiative,
        year=year,
        round=freezing.open_round(context, year),
        positions=positions,
        justification=justification.strip(),
        created_by=actor,
    )
    override.full_clean()
    override._history_user = actor
    override.save()
    return override


@transaction.atomic
def set_budget(*, actor, context: Context, year: int, source: str, amount) -> BudgetLine:
    """Set the money available for ``year`` (all sources or one financing source).

    Refused once the year's round is frozen (fastställd): the cut line is part of its result.
    """
    require_context(actor, context, policy.MANAGE)
    freezing.refuse_frozen_year(context, year)
    line = BudgetLine.objects.filter(**context.lookup, year=year, source=source).first()
    line = line or BudgetLine(**context.lookup, year=year, source=source)
    line.amount = amount
    line.full_clean()
    line._history_user = actor
    line.save()
    return line


def _open_round_message(round_: Round) -> str:
    return _(
        "Det finns redan en öppen prioriteringsomgång för %(year)s (%(round)s). "
        "Frys eller ta bort den innan en ny skapas."
    ) % {"year": round_.year, "round": round_.name}


@transaction.atomic
def create_round(*, actor, context: Context, name: str, year: int) -> Round:
    """Open a round for ``year``: one open round per context and year, none for a frozen year."""
    require_context(actor, context, policy.MANAGE)
    frozen = freezing.frozen_round(context, year)
    if frozen is not None:
        raise ValidationError(
            _(
                "Prioriteringen för %(year)s är redan fastställd (%(round)s). "
                "En ny omgång för året kan inte skapas."
            )
            % {"year": year, "round": frozen.name},
            code="frozen",
        )
    existing = freezing.open_round(context, year)
    if existing is not None:
        raise ValidationError(_open_round_message(existing), code="open_round_exists")
    round_ = Round(**context.lookup, name=name, year=year)
    round_.full_clean(validate_constraints=False)
    round_._history_user = actor
    try:
        with transaction.atomic():  # the database constraint decides a concurrent race
            round_.save()
    except IntegrityError:
        existing = freezing.open_round(context, year) or round_
        raise ValidationError(_open_round_message(existing), code="open_round_exists") from None
    return round_


def _refuse_frozen(round_: Round) -> None:
    if Round.objects.filter(pk=round_.pk, status=RoundStatus.FROZEN).exists():
        raise ValidationError(_("En fryst prioriteringsomgång kan inte ändras."))


@transaction.atomic
def freeze_round(*, actor, round: Round, source: str = BUDGET_ALL) -> Round:  # noqa: A002
    """Freeze the current ranking of the round's context and year into its snapshot."""
    context = context_for(round)
    require_context(actor, context, policy.MANAGE)
    locked = Round.objects.select_for_update().get(pk=round.pk)
    _refuse_frozen(locked)
    freezing.refuse_frozen_year(context, locked.year)  # one fastställd ranking per year
    ranking = build_ranking(context, locked.year, source)
    locked.snapshot = ranking_snapshot(ranking)
    locked.status = RoundStatus.FROZEN
    locked.frozen_at = timezone.now()
    locked.frozen_by = actor
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def rename_round(*, actor, round: Round, name: str) -> Round:  # noqa: A002
    """Rename an open round. Frozen rounds are refused."""
    require_context(actor, context_for(round), policy.MANAGE)
    _refuse_frozen(round)
    round.name = name
    round._history_user = actor
    round.save()
    return round


@transaction.atomic
def delete_round(*, actor, round: Round) -> None:  # noqa: A002
    require_context(actor, context_for(round), policy.MANAGE)
    _refuse_frozen(round)
    round._history_user = actor
    round.delete()
