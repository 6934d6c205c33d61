"""§ numbers under concurrency, on PostgreSQL: never reused, never skipped."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from governance.choices import AgendaItemKind
from governance.meetings import decisions as decision_services
from governance.models import AgendaItem, Decision, Meeting
from tests.factories import governance_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8


def test_concurrent_decisions_get_consecutive_paragraphs():
    w = governance_world()
    meeting = Meeting.objects.create(
        council=w.styrgrupp,
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 9)),
        place="Kommunhuset",
        secretary=w.strateg,
        adjuster=w.ledamot,
    )
    items = [
        AgendaItem.objects.create(
            meeting=meeting, order=i, kind=AgendaItemKind.OTHER, title=f"Punkt {i}"
        )
        for i in range(WORKERS)
    ]
    deciders = [w.strateg, w.kd] * (WORKERS // 2)
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def decide(item, actor):
        try:
            barrier.wait(timeout=30)
            decision_services.record_decision(
                actor=actor, item=item, decision_type="bifall", text="Bifalls samtidigt."
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(item, actor))
        for item, actor in zip(items, deciders, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Decision.objects.filter(council=w.styrgrupp).values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))
    # A failed attempt in between leaves no gap either.
    later = AgendaItem.objects.create(meeting=meeting, order=99, kind="other", title="Sist")
    with pytest.raises(Exception):  # noqa: B017, PT011 - empty text is refused
        decision_services.record_decision(
            actor=w.strateg, item=later, decision_type="bifall", text=""
        )
    decision = decision_services.record_decision(
        actor=w.strateg, item=later, decision_type="bifall", text="Sist"
    )
    assert decision.number == WORKERS + 1
