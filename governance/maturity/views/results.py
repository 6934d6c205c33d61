"""Results: per kommun (radar, table, förvaltningar), the network view, the heat map, gaps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from governance.maturity import charts, services
from governance.maturity.choices import Area, QuestionKind
from governance.maturity.forms import GapInitiativeForm, LinkInitiativeForm
from governance.maturity.models import Participation
from governance.maturity.results import kommun_results, network_results
from governance.maturity.views.common import campaign_or_404, participation_or_404
from portfolio import policy
from portfolio.choices import ForvaltningKind, Verksamhetsomrade
from portfolio.models import Forvaltning, Initiative


def readable_ids(user, campaign) -> set[int]:
    """The participations of the round whose own results the user may read."""
    return set(
        policy.restrict(Participation.objects.filter(campaign=campaign), user).values_list(
            "pk", flat=True
        )
    )


def radar_for(results: dict, kommun_name: str, year: int) -> dict:
    """The radar chart, its text alternative and the series, from a kommun's results."""
    areas = [a for a in results["areas"] if a["level"] is not None]
    axes = [a["label"] for a in areas]
    series = [{"label": str(year), "values": [a["level"] for a in areas]}]
    if results["previous"] is not None:
        series.append({"label": str(year - 1), "values": [a["previous"] for a in areas]})
    if results["network"]:
        series.append({"label": _("Nätverkets median"), "values": [a["median"] for a in areas]})
    text = charts.radar_text(axes, series)
    svg = charts.radar_chart(
        "radar",
        _("Mognad per område, %(kommun)s %(year)s") % {"kommun": kommun_name, "year": year},
        text + " " + _("Samma värden finns i tabellen under diagrammet."),
        axes,
        series,
    )
    return {"svg": svg, "text": text, "series": series, "axes": axes}


@login_required
def results(request, pk):
    participation = participation_or_404(request, pk)
    campaign = participation.campaign
    user = request.user
    context = {"object": participation, "campaign": campaign}
    if not campaign.is_open:
        data = kommun_results(
            participation,
            readable=readable_ids(user, campaign),
            forvaltningar=Forvaltning.objects.filter(kommun_id=participation.kommun_id),
        )
        context.update(
            data=data,
            radar=radar_for(data, participation.kommun.name, participation.year)
            if any(a["level"] is not None for a in data["areas"])
            else None,
            can_act=policy.can(user, policy.CHANGE, participation)
            and policy.can_add(user, Initiative),
            can_manage=policy.can(user, policy.CHANGE, participation),
            # Per förvaltning and free text: the kommun's own readers, not peers.
            detailed=policy.can(user, policy.DOWNLOAD, participation),
        )
    return render(request, "governance/maturity/results.html", context)


def _question_chart(row: dict, baseline_label: str, year: int):
    q = row["question"]
    options = [o["option"] for o in row["options"]]
    this_year = _("%(year)s (%(n)s kommuner)") % {"year": year, "n": row["kommuner"]}
    desc = _(
        "Fördelningen av svaren för %(year)s jämfört med %(baseline)s. Värdena finns i tabellen."
    ) % {"year": year, "baseline": baseline_label}
    title = f"{q.number}. {q.text}"
    if q.kind == QuestionKind.MULTIPLE:
        rows = [(o["option"].label, o["percent"], o["baseline"]) for o in row["options"]]
        return charts.option_bars(f"q{q.pk}", title, desc, rows, [this_year, baseline_label])
    bars = [{"label": str(year), "percents": [o["percent"] for o in row["options"]]}]
    if row["has_baseline"]:
        bars.append({"label": baseline_label, "percents": [o["baseline"] for o in row["options"]]})
    return charts.stacked_bars(f"q{q.pk}", title, desc, bars, options)


@login_required
def network(request, pk):
    campaign = campaign_or_404(request, pk)
    context = {"object": campaign}
    if not campaign.is_open:
        data = network_results(campaign, readable=readable_ids(request.user, campaign))
        baseline = campaign.questionnaire.baseline_label or _("Jämförelsetal")
        if data["shown"]:
            for row in data["questions"]:
                row["svg"] = _question_chart(row, baseline, campaign.year)
        context.update(data=data, baseline_label=baseline)
    return render(request, "governance/maturity/network.html", context)


@login_required
def heatmap(request, pk):
    """Kommuner × areas for the round's coordinator: only kommuner that share by name."""
    campaign = campaign_or_404(request, pk, policy.MANAGE)
    context = {"object": campaign}
    if not campaign.is_open:
        context["data"] = network_results(campaign, readable=readable_ids(request.user, campaign))
    return render(request, "governance/maturity/heatmap.html", context)


def _prefill(participation, area_row, results_data, user, form_queryset) -> dict:
    year = participation.year
    lines = [
        _("Mognadsmätningen %(year)s visar nivå %(level)s av 6 för %(area)s i %(kommun)s.")
        % {
            "year": year,
            "level": charts.format_level(area_row["level"]),
            "area": area_row["label"].lower(),
            "kommun": participation.kommun,
        }
    ]
    if area_row["previous"] is not None:
        lines.append(
            _("Förra året: %(level)s.") % {"level": charts.format_level(area_row["previous"])}
        )
    if area_row["median"] is not None:
        lines.append(
            _("Nätverkets median: %(level)s.") % {"level": charts.format_level(area_row["median"])}
        )
    questions = [r for r in results_data["questions"] if r["question"].area == area_row["code"]]
    for r in questions:
        if r["level"] is not None:
            lines.append(f"– {r['question'].text}: {charts.format_level(r['level'])}")
    omraden = {r["question"].verksamhetsomrade for r in questions} - {""}
    forvaltning = form_queryset.filter(kind=ForvaltningKind.KOMMUNLEDNINGSKONTOR).first()
    return {
        "title": _("Höja mognaden: %(area)s") % {"area": area_row["label"]},
        "description": "\n".join(lines),
        "need": _("Området har låg mognad i mognadsmätningen %(year)s.") % {"year": year},
        "area": omraden.pop() if len(omraden) == 1 else Verksamhetsomrade.ADMINISTRATION,
        "forvaltning": forvaltning.pk if forvaltning else None,
        "contact": user.pk,
    }


@login_required
def gap_initiative(request, pk, area):
    """A low area becomes a new initiative (prefilled), or is linked to an existing one."""
    participation = participation_or_404(request, pk, policy.CHANGE)
    if area not in Area.values or participation.campaign.is_open:
        raise Http404(_("Sidan finns inte."))
    user = request.user
    data = kommun_results(
        participation,
        readable=readable_ids(user, participation.campaign),
        forvaltningar=Forvaltning.objects.filter(kommun_id=participation.kommun_id),
    )
    area_row = next((a for a in data["areas"] if a["code"] == area), None)
    if area_row is None:
        raise Http404(_("Området har inga nivåer i omgången."))
    back = participation.get_absolute_url()
    post = request.POST if request.method == "POST" else None
    mode = request.POST.get("mode") if post else None
    create = GapInitiativeForm(
        post if mode == "create" else None, user=user, participation=participation
    )
    link = LinkInitiativeForm(
        post if mode == "link" else None, user=user, participation=participation
    )
    if post is None:
        create.initial = _prefill(
            participation, area_row, data, user, create.fields["forvaltning"].queryset
        )
    form = create if mode == "create" else link
    if post is not None and form.is_valid():
        try:
            if mode == "create":
                action = services.create_initiative_from_gap(
                    actor=user,
                    participation=participation,
                    area=area,
                    initiative=create.save(commit=False),
                )
                messages.success(request, _("Initiativet är registrerat som idé."))
                return HttpResponseRedirect(action.initiative.get_absolute_url())
            services.link_initiative_to_gap(
                actor=user,
                participation=participation,
                area=area,
                initiative=form.cleaned_data["initiative"],
            )
            messages.success(request, _("Initiativet är kopplat till området."))
            return HttpResponseRedirect(back)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "governance/maturity/gap.html",
        {"object": participation, "area": area_row, "create": create, "link": link},
        status=400 if post is not None else 200,
    )
