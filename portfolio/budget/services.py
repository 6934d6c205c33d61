"""State changes of the multi-year IT budget, and the readers other packages use.

Every verb takes the acting user as ``actor``, re-checks the policy (a forged
POST is refused here with a Swedish ``ValidationError`` or ``PermissionDenied``
and saves nothing) and runs in one transaction. A beslutad version is frozen:
refused here, by the policy rule and by the model's ``save``.

``decide_version`` is also what governance calls when a finansieringsgrupp's §
on the budget takes effect (``follows_decision=True``: the § is the
authority, not the justerare's budget rights). Portfolio never imports
governance; the § arrives as its reference text.

Readers: ``decided_version(kommun=…|samverkan=…, year=…)`` (the decided
budget of a year: the latest decided version whose horizon covers it) and
``decided_frame(...)``, the prioritisation's budget frame from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.budget.models import (
    FROZEN_MESSAGE,
    BudgetOutcome,
    BudgetVersion,
    ITBudgetLine,
    normalise_key,
)
from portfolio.choices import BudgetKind, BudgetStatus

ZERO = Decimal(0)
#: which lines make the prioritisation's budget frame (see ``decided_frame``)
FRAME_KINDS = (BudgetKind.INVESTERING,)


def _where(kommun=None, samverkan=None) -> dict:
    if bool(kommun) == bool(samverkan):
        raise ValidationError(_("Välj antingen en kommun eller en samverkansorganisation."))
    return {"kommun": kommun, "samverkan": samverkan}


def _refuse_frozen(version: BudgetVersion) -> BudgetVersion:
    """Lock the version row and refuse when it is beslutad (judged on the stored row)."""
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise ValidationError(FROZEN_MESSAGE, code="frozen")
    return version


def _next_number(where: dict, first_year: int) -> int:
    found = BudgetVersion.objects.filter(**where, first_year=first_year).aggregate(m=Max("number"))
    return (found["m"] or 0) + 1


# --- Versions ----------------------------------------------------------------------------


@transaction.atomic
def start_version(
    *, actor, kommun=None, samverkan=None, first_year: int, years: int = 3, title: str = ""
) -> BudgetVersion:
    """A new förslag for a kommun or a samverkan, covering ``first_year`` and 2–3 more years."""
    where = _where(kommun, samverkan)
    policy.require_add(
        actor,
        BudgetVersion,
        kommun_id=kommun.pk if kommun else None,
        samverkan_id=samverkan.pk if samverkan else None,
    )
    version = BudgetVersion(
        **where,
        first_year=first_year,
        years=years,
        title=(title or "").strip(),
        number=_next_number(where, first_year),
        created_by=actor,
    )
    version.full_clean()
    version._history_user = actor
    version.save()
    return version


@transaction.atomic
def copy_version(*, actor, version: BudgetVersion) -> BudgetVersion:
    """Start a new förslag with the same horizon and lines (the way to change a decided one)."""
    policy.require(actor, policy.VIEW, version)
    where = {"kommun": version.kommun, "samverkan": version.samverkan}
    policy.require_add(
        actor, BudgetVersion, kommun_id=version.kommun_id, samverkan_id=version.samverkan_id
    )
    copy = BudgetVersion(
        **where,
        first_year=version.first_year,
        years=version.years,
        title=version.title,
        number=_next_number(where, version.first_year),
        copied_from=version,
        created_by=actor,
    )
    copy._history_user = actor
    copy.save()
    lines = [
        ITBudgetLine(
            version=copy,
            key=line.key,
            year=line.year,
            kind=line.kind,
            source=line.source,
            owner=line.owner,
            forvaltning_id=line.forvaltning_id,
            owner_samverkan_id=line.owner_samverkan_id,
            amount=line.amount,
            description=line.description,
        )
        for line in version.lines.all()
    ]
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(lines, ITBudgetLine, default_user=actor)
    return copy


@transaction.atomic
def decide_version(
    *, actor, version: BudgetVersion, reference: str, follows_decision: bool = False
) -> BudgetVersion:
    """Make the version beslutad with its decision reference; from now on it is frozen.

    By hand (a delegationsbeslut, or a decision taken elsewhere) the actor needs
    the DECIDE right (ekonom, IT-strateg). ``follows_decision``: governance
    applies a finansieringsgrupp's § that has taken effect.
    """
    if not follows_decision:
        policy.require(actor, policy.VIEW, version)
    version = _refuse_frozen(version)
    if not follows_decision:
        policy.require(actor, policy.DECIDE, version)
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(
            {"reference": _("Ange beslutet: paragrafen eller delegationsbeslutet.")}
        )
    if not version.lines.exists():
        raise ValidationError(_("Budgetversionen har inga rader att besluta."))
    version.status = BudgetStatus.BESLUTAD
    version.decision_reference = reference[:200]
    version.decided_at = timezone.now()
    version.decided_by = actor
    version._history_user = actor
    version.save()
    return version


# --- Lines -------------------------------------------------------------------------------


@transaction.atomic
def save_line(*, actor, line: ITBudgetLine) -> ITBudgetLine:
    """Add or change a line of a förslag: year within the horizon, amount ≥ 0."""
    policy.require(actor, policy.VIEW, line.version)
    version = _refuse_frozen(line.version)
    policy.require(actor, policy.CHANGE, version)
    if line.pk is not None:
        policy.require(actor, policy.CHANGE, ITBudgetLine.objects.get(pk=line.pk))
    line.version = version
    line.full_clean()
    line._history_user = actor
    line.save()
    return line


@transaction.atomic
def remove_line(*, actor, line: ITBudgetLine) -> None:
    policy.require(actor, policy.VIEW, line)
    _refuse_frozen(line.version)
    policy.require(actor, policy.DELETE, line)
    line._history_user = actor
    line.delete()


# --- Outcome -----------------------------------------------------------------------------


@transaction.atomic
def set_outcome(
    *, actor, kommun=None, samverkan=None, year: int, key: str, amount, note: str = ""
) -> BudgetOutcome:
    """Enter (or correct) the outcome of one line key in one year."""
    where = _where(kommun, samverkan)
    policy.require_add(
        actor,
        BudgetOutcome,
        kommun_id=kommun.pk if kommun else None,
        samverkan_id=samverkan.pk if samverkan else None,
    )
    key = normalise_key(key)
    outcome = BudgetOutcome.objects.filter(**where, year=year, key=key).first()
    outcome = outcome or BudgetOutcome(**where, year=year, key=key)
    outcome.amount = amount
    outcome.note = (note or "").strip()
    outcome.full_clean(validate_constraints=False)
    outcome._history_user = actor
    outcome.save()
    return outcome


@transaction.atomic
def remove_outcome(*, actor, outcome: BudgetOutcome) -> None:
    policy.require(actor, policy.DELETE, outcome)
    outcome._history_user = actor
    outcome.delete()


# --- Readers -----------------------------------------------------------------------------


def decided_version(*, kommun=None, samverkan=None, year: int) -> BudgetVersion | None:
    """The decided budget of ``year``: the latest decided version whose horizon covers it."""
    where = {"kommun": kommun, "samverkan": samverkan}
    candidates = BudgetVersion.objects.filter(
        **where, status=BudgetStatus.BESLUTAD, first_year__lte=year, first_year__gte=year - 3
    ).order_by("-decided_at", "-pk")
    return next((v for v in candidates if year in v.horizon), None)


@dataclass(frozen=True)
class Frame:
    """The prioritisation's budget frame taken from a decided budget version."""

    amount: Decimal
    version: BudgetVersion


def decided_frame(*, kommun=None, samverkan=None, year: int, source: str | None) -> Frame | None:
    """The money for new development in ``year`` by the decided budget, or None without one.

    What counts: the decided version's **investering** lines of the year (every
    owner: the IT-enhet, förvaltningar, a samverkan); drift lines pay for what
    is already running and are left out. ``source`` narrows to one financing
    source (None or "all": every source).
    """
    version = decided_version(kommun=kommun, samverkan=samverkan, year=year)
    if version is None:
        return None
    lines = version.lines.filter(year=year, kind__in=FRAME_KINDS)
    if source and source != "all":
        lines = lines.filter(source=source)
    total = lines.aggregate(t=Sum("amount"))["t"] or ZERO
    return Frame(amount=total, version=version)


def line_sums(version: BudgetVersion, lines=None) -> dict[int, dict[str, Decimal]]:
    """Year → kind → sum of the version's (or the given) lines."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = (lines if lines is not None else version.lines.all()).values("year", "kind")
    for row in rows.annotate(t=Sum("amount")).order_by():
        sums[row["year"]][row["kind"]] += row["t"]
    return sums
