"""Digital mognad in the reports (issue 15): the IT-bokslut chapter and the Mognadsrapport.

Reads ``governance.maturity`` (reports may read governance, never the reverse).

* ``section_maturity(kommun, year)``: the IT-bokslut chapter "Digital mognad":
  the kommun's levels per area in the year's closed round, the change since
  last year and the network median (shown from three kommuner, as on the
  results page). No person and no other kommun is named.
* ``collect_mognadsrapport(job)``: the network's yearly report, in the style of
  seed 003's figures: per question the distribution this year against the
  published baseline, the number of kommuner that answered, the network's
  median per area and the kommuner that share their results by name. A
  kommun that does not share appears only in the aggregate.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.maturity import charts
from governance.maturity.choices import CampaignStatus, QuestionKind
from governance.maturity.models import Campaign, Participation
from governance.maturity.results import kommun_results, network_results
from portfolio.models import Kommun

MATURITY_DEFINITION = gettext_lazy(
    "Självskattad digital mognad i årets stängda mognadsomgång, nivå 1–6 per område "
    "(medelvärdet av frågornas nivåer; en frågas nivå är medelvärdet av de svarandes nivåer, "
    "vet inte räknas inte). Nätverkets median visas när minst tre kommuner har svarat."
)


def closed_participation(kommun: Kommun, year: int) -> Participation | None:
    return (
        Participation.objects.filter(
            kommun=kommun, year=year, campaign__status=CampaignStatus.CLOSED
        )
        .select_related("campaign__questionnaire", "kommun")
        .first()
    )


def section_maturity(kommun: Kommun, year: int) -> dict:
    """The IT-bokslut chapter: the kommun's own levels, change and the network median."""
    participation = closed_participation(kommun, year)
    if participation is None:
        return {"definition": MATURITY_DEFINITION, "participation": None, "areas": []}
    data = kommun_results(participation, readable={participation.pk}, forvaltningar=[])
    return {
        "definition": MATURITY_DEFINITION,
        "participation": participation,
        "campaign": participation.campaign,
        "respondents": data["respondents"],
        "network": data["network"],
        "network_kommuner": data["network_kommuner"],
        "previous_year": data["previous"].year if data["previous"] else None,
        "areas": [a for a in data["areas"] if a["level"] is not None],
    }


def report_campaign(samverkan, year: int) -> Campaign | None:
    """The network's closed round of the year, the Mognadsrapport's subject."""
    return (
        Campaign.objects.filter(samverkan=samverkan, year=year, status=CampaignStatus.CLOSED)
        .select_related("questionnaire", "samverkan")
        .first()
    )


def _shared_ids(campaign) -> set[int]:
    return set(campaign.participations.filter(shares_by_name=True).values_list("pk", flat=True))


def _figure(row: dict, number: int, baseline: str, year: int) -> dict:
    """One figure in the style of seed 003: the chart, its table and a caption."""
    q = row["question"]
    caption = _("Figur %(n)s: Resultat från enkätundersökningen utifrån frågan ”%(q)s”.") % {
        "n": number,
        "q": q.text,
    }
    desc = _("Fördelningen %(year)s jämfört med %(baseline)s. Värdena finns i tabellen.") % {
        "year": year,
        "baseline": baseline,
    }
    this_year = _("%(year)s (%(n)s kommuner)") % {"year": year, "n": row["kommuner"]}
    if q.kind == QuestionKind.MULTIPLE:
        points = [(o["option"].label, o["percent"], o["baseline"]) for o in row["options"]]
        svg = charts.option_bars(f"f{number}", caption, desc, points, [this_year, baseline])
    else:
        bars = [{"label": str(year), "percents": [o["percent"] for o in row["options"]]}]
        if row["has_baseline"]:
            bars.append({"label": baseline, "percents": [o["baseline"] for o in row["options"]]})
        svg = charts.stacked_bars(
            f"f{number}", caption, desc, bars, [o["option"] for o in row["options"]]
        )
    return {**row, "caption": caption, "svg": svg, "number": number}


def collect_mognadsrapport(job) -> dict:
    """Everything the Mognadsrapport prints, for a samverkan/nätverk and a year."""
    campaign = report_campaign(job.samverkan, job.year)
    if campaign is None:
        return {"job": job, "campaign": None, "parts": []}
    data = network_results(campaign, readable=_shared_ids(campaign))
    # Areas down, shared kommuner across: five kommuner per table fit the page.
    labels = [label for _code, label in data["areas"]]
    named = data["named"]
    shared_tables = [
        {
            "kommuner": [r["participation"].kommun for r in chunk],
            "rows": [(label, [r["levels"][i] for r in chunk]) for i, label in enumerate(labels)],
        }
        for chunk in (named[i : i + 5] for i in range(0, len(named), 5))
    ]
    baseline = campaign.questionnaire.baseline_label or _("Jämförelsetal")
    previous = report_campaign(job.samverkan, job.year - 1)
    previous_medians = None
    if previous is not None:
        prev = network_results(previous, readable=_shared_ids(previous))
        by_area = dict(zip([c for c, _l in prev["areas"]], prev["medians"], strict=True))
        previous_medians = [by_area.get(code) for code, _label in data["areas"]]
    area_rows = [
        {
            "label": label,
            "median": median,
            "previous": previous_medians[i] if previous_medians else None,
        }
        for i, ((_code, label), median) in enumerate(
            zip(data["areas"], data["medians"], strict=True)
        )
    ]
    radar = None
    shown_areas = [r for r in area_rows if r["median"] is not None]
    if data["shown"] and shown_areas:
        series = [{"label": str(job.year), "values": [r["median"] for r in shown_areas]}]
        if previous_medians:
            series.append(
                {"label": str(job.year - 1), "values": [r["previous"] for r in shown_areas]}
            )
        axes = [r["label"] for r in shown_areas]
        text = charts.radar_text(axes, series)
        radar = {
            "svg": charts.radar_chart(
                "radar", _("Nätverkets median per område"), text, axes, series
            ),
            "text": text,
        }
    figures = []
    if data["shown"]:
        figures = [
            _figure(row, n, baseline, job.year) for n, row in enumerate(data["questions"], start=1)
        ]
    return {
        "job": job,
        "campaign": campaign,
        "network": data,
        "baseline_label": baseline,
        "source": campaign.questionnaire.source,
        "areas": area_rows,
        "radar": radar,
        "figures": figures,
        "shared_tables": shared_tables,
        "parts": [],
    }
