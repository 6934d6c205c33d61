"""A small world for the API tests: one kommun with two förvaltningar, one other kommun."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from portfolio.choices import Role
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    SystemFactory,
    user_with_role,
)


def api_world():
    kommun = KommunFactory(name="Alby")
    other = KommunFactory(name="Bstad")
    soc = ForvaltningFactory(kommun=kommun, name="Socialförvaltningen")
    bou = ForvaltningFactory(kommun=kommun, name="Barn- och utbildningsförvaltningen")
    w = SimpleNamespace(kommun=kommun, other=other, soc=soc, bou=bou)
    w.strateg = user_with_role(Role.IT_STRATEG, kommun=kommun, first_name="Sara")
    w.fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=soc)
    w.sa = user_with_role(Role.SYSTEMAGARE, forvaltning=soc, first_name="Anna")
    w.outsider = user_with_role(Role.IT_STRATEG, kommun=other)
    w.soc_system = SystemFactory(forvaltning=soc, owner=w.sa, name="Procapita")
    w.bou_system = SystemFactory(forvaltning=bou, owner=w.strateg, name="Skolplattform")
    w.soc_initiative = InitiativeFactory(forvaltning=soc, contact=w.fc, title="E-tjänst bistånd")
    w.bou_initiative = InitiativeFactory(forvaltning=bou, contact=w.strateg, title="Hemligt BoU")
    return w


def meeting(council, when=None):
    from governance.models import Meeting

    return Meeting.objects.create(council=council, starts_at=when or timezone.now(), place="Här")


def sign(meeting):
    """Justera the minutes (as ``sign_minutes`` leaves them; its checks are tested elsewhere)."""
    type(meeting).objects.filter(pk=meeting.pk).update(signed_at=timezone.now())
    meeting.refresh_from_db()


def decision(council, number, recorded_by, **fields):
    from governance.models import Decision

    return Decision.objects.create(
        council=council,
        kommun=council.kommun,
        year=2026,
        number=number,
        decision_type="bifall",
        title=fields.pop("title", f"Beslut {number}"),
        text="Beslutas.",
        decision_date=datetime.date(2026, 3, 4),
        recorded_by=recorded_by,
        **fields,
    )
