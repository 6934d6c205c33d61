"""Issue 16, seed 004: the multi-year IT budget, its outcome and the finansieringsgrupp."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from governance.finance.comparison import compare_year
from portfolio import policy
from portfolio.budget import services
from portfolio.budget.models import BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.choices import BudgetKind, BudgetOwner, BudgetStatus, FinancingSource, Role
from portfolio.prioritisation import services as prio
from tests.factories import ForvaltningFactory, KommunFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    class W:
        pass

    w = W()
    w.kommun = KommunFactory(name="Budgetby")
    w.other = KommunFactory(name="Annanstad")
    w.forv = ForvaltningFactory(kommun=w.kommun, name="Socialförvaltningen")
    w.ekonom = user_with_role(Role.EKONOM, kommun=w.kommun)
    w.strateg = user_with_role(Role.IT_STRATEG, kommun=w.kommun)
    w.kd = user_with_role(Role.KOMMUNDIREKTOR, kommun=w.kommun)
    w.fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w.forv)
    w.other_fc = user_with_role(
        Role.FORVALTNINGSCHEF, forvaltning=ForvaltningFactory(kommun=w.kommun)
    )
    w.outsider = user_with_role(Role.EKONOM, kommun=w.other)
    return w


def _line(version, *, year=2027, kind=BudgetKind.INVESTERING, amount=100_000, key="INV-1", **kw):
    return ITBudgetLine(
        version=version,
        key=key,
        year=year,
        kind=kind,
        source=kw.pop("source", FinancingSource.EGEN_BUDGET),
        owner=kw.pop("owner", BudgetOwner.IT_ENHET),
        amount=Decimal(amount),
        description=kw.pop("description", "Plattform"),
        **kw,
    )


def _proposal(w, first_year=2027):
    version = services.start_version(actor=w.ekonom, kommun=w.kommun, first_year=first_year)
    services.save_line(actor=w.ekonom, line=_line(version))
    return version


def test_a_decided_version_is_frozen_in_service_policy_and_model(world):
    version = _proposal(world)
    services.decide_version(actor=world.ekonom, version=version, reference="KF 2026-11-20 § 9")
    version.refresh_from_db()
    assert version.status == BudgetStatus.BESLUTAD
    assert version.decision_reference == "KF 2026-11-20 § 9"
    with pytest.raises(ValidationError, match="beslutad och kan inte ändras"):
        services.save_line(actor=world.ekonom, line=_line(version, key="INV-2"))
    assert not policy.can(world.ekonom, policy.CHANGE, version)
    with pytest.raises(ValidationError, match="beslutad"):
        version.lines.first().save()
    with pytest.raises(ValidationError, match="beslutad"):
        version.title = "Ändrad"
        version.save()
    with pytest.raises(ValidationError, match="beslutad"):
        services.decide_version(actor=world.ekonom, version=version, reference="igen")
    assert version.lines.count() == 1


def test_a_year_outside_the_horizon_is_refused_in_swedish(world):
    version = services.start_version(
        actor=world.ekonom, kommun=world.kommun, first_year=2027, years=3
    )
    with pytest.raises(ValidationError) as exc:
        services.save_line(actor=world.ekonom, line=_line(version, year=2030))
    assert "Året måste ligga inom budgetens period 2027–2029." in str(exc.value)
    assert not version.lines.exists()
    four = services.start_version(actor=world.ekonom, kommun=world.kommun, first_year=2027, years=4)
    services.save_line(actor=world.ekonom, line=_line(four, year=2030))
    assert four.number == 2


def test_a_negative_amount_is_refused(world):
    version = services.start_version(actor=world.ekonom, kommun=world.kommun, first_year=2027)
    with pytest.raises(ValidationError, match="Beloppet kan inte vara negativt."):
        services.save_line(actor=world.ekonom, line=_line(version, amount=-5))
    with pytest.raises(ValidationError, match="Beloppet kan inte vara negativt."):
        services.set_outcome(
            actor=world.ekonom, kommun=world.kommun, year=2027, key="INV-1", amount=Decimal(-1)
        )
    assert not ITBudgetLine.objects.exists() and not BudgetOutcome.objects.exists()


def test_copy_starts_a_new_proposal_with_the_lines(world):
    version = _proposal(world)
    services.save_line(
        actor=world.ekonom,
        line=_line(version, key="DRIFT-1", kind=BudgetKind.DRIFT, year=2028),
    )
    services.decide_version(actor=world.ekonom, version=version, reference="KS § 3")
    copy = services.copy_version(actor=world.strateg, version=version)
    assert copy.status == BudgetStatus.FORSLAG and copy.number == 2
    assert copy.copied_from == version
    assert sorted(copy.lines.values_list("key", "year")) == [("DRIFT-1", 2028), ("INV-1", 2027)]
    services.save_line(actor=world.ekonom, line=_line(copy, key="INV-2"))
    assert version.lines.count() == 2  # the decided one is untouched


def test_who_may_edit_and_read(world):
    version = _proposal(world)
    line = version.lines.get()
    with pytest.raises(PermissionDenied):
        services.save_line(actor=world.kd, line=_line(version, key="X"))
    with pytest.raises(PermissionDenied):
        services.start_version(actor=world.outsider, kommun=world.kommun, first_year=2027)
    with pytest.raises(Http404):  # the förvaltningschef does not see this version
        services.decide_version(actor=world.fc, version=version, reference="§ 1")
    assert policy.can(world.kd, policy.VIEW, version)
    assert not policy.can(world.kd, policy.CHANGE, version)
    assert policy.can(world.strateg, policy.CHANGE, version)
    # the förvaltningschef reads only the lines their förvaltning owns
    assert not policy.can(world.fc, policy.VIEW, version)
    owned = services.save_line(
        actor=world.ekonom,
        line=_line(version, key="SOC-1", owner=BudgetOwner.FORVALTNING, forvaltning=world.forv),
    )
    visible = policy.restrict(ITBudgetLine.objects.all(), world.fc)
    assert list(visible) == [owned] and line not in visible
    assert policy.can(world.fc, policy.VIEW, version)
    assert not policy.restrict(ITBudgetLine.objects.all(), world.other_fc).exists()
    assert not policy.can(world.outsider, policy.VIEW, version)


def test_cut_line_uses_the_decided_budget_and_says_so(world):
    version = _proposal(world)  # INV-1 2027: 100 000 kr investering
    services.save_line(
        actor=world.ekonom,
        line=_line(version, key="INV-2", amount=50_000, source=FinancingSource.STATSBIDRAG),
    )
    services.save_line(
        actor=world.ekonom, line=_line(version, key="DRIFT", kind=BudgetKind.DRIFT, amount=9)
    )
    context = prio.Context(kommun=world.kommun)
    prio.set_budget(
        actor=world.strateg, context=context, year=2027, source="all", amount=Decimal(999)
    )
    typed = prio.build_ranking(context, 2027)
    assert typed.cut.budget == Decimal(999) and typed.frame_source == prio.FRAME_TYPED
    services.decide_version(actor=world.ekonom, version=version, reference="KS § 4")
    decided = prio.build_ranking(context, 2027)
    assert decided.cut.budget == Decimal(150_000)  # investering only; drift does not count
    assert decided.frame_source == prio.FRAME_DECIDED and decided.frame_version == version
    one_source = prio.build_ranking(context, 2027, FinancingSource.STATSBIDRAG)
    assert one_source.cut.budget == Decimal(50_000)
    assert prio.build_ranking(context, 2031).frame_source == prio.FRAME_NONE
    client_user = world.strateg
    from django.test import Client

    client = Client()
    client.force_login(client_user)
    page = client.get(
        reverse("portfolio:prioritisation_ranking"), {"kommun": world.kommun.pk, "ar": 2027}
    )
    assert "Budgetramen kommer från den beslutade IT-budgeten" in page.content.decode()


def test_comparison_budget_plan_outcome(world):
    version = _proposal(world)
    services.save_line(
        actor=world.ekonom,
        line=_line(version, key="DRIFT", kind=BudgetKind.DRIFT, amount=200_000),
    )
    services.decide_version(actor=world.ekonom, version=version, reference="KS § 5")
    for key, amount in (("INV-1", 130_000), ("DRIFT", 150_000), ("OKAND", 7)):
        services.set_outcome(
            actor=world.ekonom, kommun=world.kommun, year=2027, key=key, amount=Decimal(amount)
        )
    result = compare_year(world.kommun, 2027)
    inv, ops, total = result.rows
    assert (inv.budget, inv.outcome, inv.outcome_gap) == (100_000, 130_000, 30_000)
    assert inv.over_budget and not ops.over_budget
    assert total.outcome == Decimal(280_007)
    assert [k.key for k in result.keys] == ["DRIFT", "INV-1", "OKAND"]
    from django.test import Client

    client = Client()
    client.force_login(world.kd)
    url = reverse("governance:budget_comparison", args=[world.kommun.pk])
    html = client.get(url, {"ar": 2027}).content.decode()
    assert "över budget" in html and "30 000 kr" in html
    client.force_login(world.fc)
    assert client.get(url).status_code == 404


def test_the_finansieringsgrupp_decision_makes_the_budget_beslutad(demo):
    from governance.choices import AgendaItemKind, DecisionType
    from governance.meetings import decisions, justering
    from governance.models import AgendaItem, Council, Meeting
    from portfolio.models import Kommun

    kommun = Kommun.objects.get(name="Sollentuna")
    version = BudgetVersion.objects.get(kommun=kommun, status=BudgetStatus.FORSLAG)
    council = Council.objects.get(kommun=kommun, kind="finansieringsgrupp")
    meeting, item, strateg = _budget_meeting(council, version)
    decision = decisions.record_decision(
        actor=strateg, item=item, decision_type=DecisionType.BIFALL, text="Budgeten fastställs."
    )
    version.refresh_from_db()
    assert version.status == BudgetStatus.FORSLAG  # not before the justering
    justering.adjust_decision(actor=strateg, decision=decision)
    version.refresh_from_db()
    assert version.status == BudgetStatus.BESLUTAD
    assert version.decision_reference == decision.reference
    assert "Finansieringsgrupp" in version.decision_reference
    assert isinstance(meeting, Meeting) and item.kind == AgendaItemKind.BUDGET
    assert AgendaItem.objects.filter(budget_version=version).count() == 1


def _budget_meeting(council, version):
    """A held meeting of the council with the budget on its agenda (the demo's convenor)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance.choices import AgendaItemKind
    from governance.models import AgendaItem, Attendance, Meeting

    strateg = get_user_model().objects.get(username="strateg.sollentuna")
    meeting = Meeting.objects.create(
        council=council,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        place="Kommunhuset",
        secretary=strateg,
        adjuster=strateg,
    )
    Attendance.objects.create(meeting=meeting, user=strateg, role="sammankallande", present=True)
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind=AgendaItemKind.BUDGET,
        title=f"Budget {version.period}",
        budget_version=version,
    )
    return meeting, item, strateg


def test_a_decided_version_refuses_deleting_a_line_in_service_and_model(world):
    version = _proposal(world)
    line = version.lines.get()
    services.decide_version(actor=world.ekonom, version=version, reference="KS § 6")
    line.refresh_from_db()
    with pytest.raises(ValidationError, match="beslutad och kan inte ändras"):
        services.remove_line(actor=world.ekonom, line=line)
    with pytest.raises(ValidationError, match="beslutad"):
        line.delete()
    assert not policy.can(world.ekonom, policy.DELETE, line)
    assert version.lines.count() == 1


def test_the_agenda_offers_and_takes_only_a_proposal_of_the_councils_kommun(world):
    """A user who sees both kommuners budgets is offered only the council's own förslag."""
    from types import SimpleNamespace

    from governance.choices import AgendaItemKind, CouncilKind
    from governance.meetings import services as meeting_services
    from governance.meetings.forms import AgendaItemForm
    from governance.models import AgendaItem, Council
    from portfolio.models import RoleAssignment

    RoleAssignment.objects.create(user=world.strateg, role=Role.IT_STRATEG, kommun=world.other)
    ours = _proposal(world)
    theirs = services.start_version(actor=world.strateg, kommun=world.other, first_year=2027)
    decided = _proposal(world)
    services.decide_version(actor=world.ekonom, version=decided, reference="KS § 7")
    assert policy.can(world.strateg, policy.VIEW, theirs)
    council = Council.objects.create(
        kommun=world.kommun, kind=CouncilKind.FINANSIERINGSGRUPP, name="Finansieringsgrupp"
    )
    meeting = _meeting_of(council, world.strateg)

    form = AgendaItemForm(
        {"kind": AgendaItemKind.BUDGET, "title": "Budget", "budget_version": theirs.pk},
        meeting=meeting,
        user=world.strateg,
    )
    assert list(form.fields["budget_version"].queryset) == [ours]
    assert not form.is_valid() and "budget_version" in form.errors

    def forged(version):
        return SimpleNamespace(
            save=lambda commit: AgendaItem(
                kind=AgendaItemKind.BUDGET, title="Budget", budget_version=version
            )
        )

    before = AgendaItem.objects.count()
    with pytest.raises(ValidationError, match="Budgeten hör inte till rådets kommun."):
        meeting_services.add_agenda_item(actor=world.strateg, meeting=meeting, form=forged(theirs))
    with pytest.raises(ValidationError, match="Budgetversionen är redan beslutad."):
        meeting_services.add_agenda_item(actor=world.strateg, meeting=meeting, form=forged(decided))
    assert AgendaItem.objects.count() == before
    item = meeting_services.add_agenda_item(actor=world.strateg, meeting=meeting, form=forged(ours))
    assert item.budget_version == ours


def _meeting_of(council, convenor):
    """A meeting of ``council`` with ``convenor`` as secretary and justerare, no items yet."""
    import datetime

    from django.utils import timezone

    from governance.models import Attendance, Meeting

    meeting = Meeting.objects.create(
        council=council,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Kommunhuset",
        secretary=convenor,
        adjuster=convenor,
    )
    Attendance.objects.create(meeting=meeting, user=convenor, role="sammankallande", present=True)
    return meeting


def test_att_gora_shows_the_editors_proposals_until_they_are_decided(world):
    from portfolio.todo.registry import todos_for

    def texts(user):
        return [i.text for i in todos_for(user) if "budgetförslag" in i.text]

    version = _proposal(world)
    assert texts(world.ekonom) == texts(world.strateg) == ["1 budgetförslag väntar på beslut"]
    assert texts(world.outsider) == texts(world.kd) == []
    services.decide_version(actor=world.ekonom, version=version, reference="KS 2026-11-20 § 4")
    assert texts(world.ekonom) == []
