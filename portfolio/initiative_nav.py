"""Menu entries and start-page panels for the initiative register and Min portfölj."""

from django.utils.translation import gettext_lazy as _

from portfolio.navigation import register_nav, register_panel


def register_all() -> None:
    from portfolio import demo_portfolio  # noqa: F401  (registers the demo seeder)

    register_nav(_("Initiativ"), "portfolio:initiative_list", order=30)
    register_nav(_("Min portfölj"), "portfolio:my_portfolio", order=32)
    register_nav(_("Mål"), "portfolio:goal_list", order=35)
    register_panel("portfolio/panels/_my_portfolio.html", _fc_panel, order=20)
    register_panel("portfolio/panels/_initiative_status.html", _strateg_panel, order=25)


def _fc_panel(request, scope):
    from portfolio.choices import Role

    if not scope.forvaltning_ids({Role.FORVALTNINGSCHEF}):
        return None
    from portfolio.models import Forvaltning

    return {"forvaltningar": Forvaltning.objects.filter(pk__in=scope.forvaltning_ids())}


def _strateg_panel(request, scope):
    from django.db.models import Count

    from portfolio import policy
    from portfolio.choices import InitiativeStatus
    from portfolio.models import Initiative

    if not scope.kommun_ids(policy.STEWARD_ROLES):
        return None
    qs = Initiative.objects.filter(kommun__in=scope.kommun_ids(policy.STEWARD_ROLES))
    counts = dict(qs.values_list("status").annotate(n=Count("pk")))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in InitiativeStatus.choices],
        "awaiting": counts.get(InitiativeStatus.KVALIFICERING, 0),
    }
