"""The roadmap page: the initiative list's filters, a Gantt SVG, a text summary and a table."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from portfolio import policy
from portfolio.generic import PortalView
from portfolio.initiatives.filters import InitiativeFilter
from portfolio.models import Initiative
from portfolio.roadmap import svg
from portfolio.roadmap.timeline import GROUP_FORVALTNING, GROUP_GOAL, MAX_ROWS, build_roadmap

GROUP_LABELS = {
    GROUP_FORVALTNING: gettext_lazy("Förvaltning"),
    GROUP_GOAL: gettext_lazy("Strategiskt mål"),
}


def summary(roadmap) -> str:
    """The text alternative of the chart (also its ``<desc>``)."""
    if not roadmap.shown:
        return _("Inga initiativ matchar filtret.")
    grouping = (
        _("grupperade per förvaltning")
        if roadmap.group_by == GROUP_FORVALTNING
        else _("grupperade per strategiskt mål")
    )
    text = _("Färdplanen visar %(count)s initiativ i %(groups)s grupper, %(grouping)s") % {
        "count": roadmap.shown,
        "groups": len(roadmap.groups),
        "grouping": grouping,
    }
    if roadmap.first_year is not None:
        text += _(", från %(first)s till %(last)s") % {
            "first": roadmap.first_year,
            "last": roadmap.last_year,
        }
    text += ". "
    counts = ", ".join(f"{label} {count}" for label, count in roadmap.status_counts())
    text += _("Per status: %(counts)s.") % {"counts": counts}
    if roadmap.undated:
        text += " " + _("%(count)s rader saknar start- och slutdatum.") % {"count": roadmap.undated}
    return text


class RoadmapView(PortalView, TemplateView):
    template_name = "portfolio/roadmap/roadmap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        group_by = request.GET.get("grupp", GROUP_FORVALTNING)
        if group_by not in GROUP_LABELS:
            group_by = GROUP_FORVALTNING
        queryset = policy.restrict(Initiative.objects.all(), request.user, policy.VIEW)
        filterset = InitiativeFilter(request.GET or None, queryset=queryset, request=request)
        roadmap = build_roadmap(filterset.qs, group_by)
        text = summary(roadmap)
        title = _("Färdplan: initiativ per %(group)s") % {
            "group": str(GROUP_LABELS[group_by]).lower()
        }
        params = request.GET.copy()
        params.pop("grupp", None)
        legend = [
            dict(item, swatch=svg.legend_swatch(item["pattern"], item["colour"]))
            for item in svg.legend_items()
        ]
        context.update(
            filter=filterset,
            roadmap=roadmap,
            group_by=group_by,
            groupings=[(key, label, key == group_by) for key, label in GROUP_LABELS.items()],
            query=params.urlencode(),
            chart=svg.render_svg(roadmap, title=title, desc=text, today=timezone.localdate()),
            summary=text,
            chart_title=title,
            legend=legend,
            max_rows=MAX_ROWS,
        )
        return context
