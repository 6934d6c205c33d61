"""What a fastställd (frozen) prioritisation round locks.

A frozen round's snapshot is the record of the year's ranking (``Round.save``
refuses any change to it). So that the live data never contradicts that
record, freezing also locks what the ranking is made of:

* **Year-bound inputs** (overrides and budget lines, which carry a year):
  refused for every year that has a frozen round in the context, for good.
* **Shared inputs** (scores, gate confirmations, criteria and gates, which
  carry no year and feed every year's ranking): refused while the context's
  newest frozen round is its latest word, i.e. until a round for a later year
  is opened. Then the work for that year may begin; the frozen year keeps its
  snapshot, which is what the round pages, comparisons and reports read.
* **Rounds**: a year with a frozen round gets no new round, and a context has
  at most one open round per year (``Round`` carries conditional unique
  constraints for the latter).

The services refuse with these messages (``ValidationError``); the policy
rules (``portfolio.prioritisation.rules``) veto the same changes, and the
pages do not offer them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from portfolio.models import Round
from portfolio.prioritisation.models import RoundStatus


def _lookup(where) -> dict:
    """The context filter of a ``Context`` or of a row with ``kommun_id``/``samverkan_id``."""
    if hasattr(where, "lookup"):
        return where.lookup
    return {"kommun_id": where.kommun_id, "samverkan_id": where.samverkan_id}


def frozen_round(where, year: int) -> Round | None:
    """The fastställd round of the context's ``year``, if there is one."""
    return (
        Round.objects.filter(**_lookup(where), year=year, status=RoundStatus.FROZEN)
        .order_by("-frozen_at", "-pk")
        .first()
    )


def open_round(where, year: int) -> Round | None:
    return Round.objects.filter(**_lookup(where), year=year, status=RoundStatus.OPEN).first()


def locking_round(where) -> Round | None:
    """The frozen round that still locks the shared inputs, or None (see the module docstring)."""
    lookup = _lookup(where)
    newest = (
        Round.objects.filter(**lookup, status=RoundStatus.FROZEN).order_by("-year", "-pk").first()
    )
    if newest is None:
        return None
    later = Round.objects.filter(**lookup, status=RoundStatus.OPEN, year__gt=newest.year)
    return None if later.exists() else newest


def frozen_year_message(round_: Round) -> str:
    return _("Prioriteringen för %(year)s är fastställd (%(round)s) och kan inte ändras.") % {
        "year": round_.year,
        "round": round_.name,
    }


def locked_inputs_message(round_: Round) -> str:
    return _(
        "Prioriteringen för %(year)s är fastställd (%(round)s). Poäng, ska-krav och "
        "kriterier kan inte ändras förrän en omgång för ett senare år har skapats."
    ) % {"year": round_.year, "round": round_.name}


def refuse_frozen_year(where, year: int) -> None:
    """Refuse a change to a year-bound input (override, budget line) of a frozen year."""
    round_ = frozen_round(where, year)
    if round_ is not None:
        raise ValidationError(frozen_year_message(round_), code="frozen")


def refuse_locked_inputs(where) -> None:
    """Refuse a change to a shared input (score, gate, criterion) while a frozen round locks it."""
    round_ = locking_round(where)
    if round_ is not None:
        raise ValidationError(locked_inputs_message(round_), code="frozen")


def frozen_year_q() -> Q:
    """Rows with ``kommun``/``samverkan`` and ``year`` whose year has a frozen round."""
    frozen = Round.objects.filter(status=RoundStatus.FROZEN, year=OuterRef("year"))
    return Q(Exists(frozen.filter(kommun=OuterRef("kommun")))) | Q(
        Exists(frozen.filter(samverkan=OuterRef("samverkan")))
    )
