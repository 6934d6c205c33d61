"""Start-page panels of the initiative register and Min portfölj."""


def fc_panel(request, scope):
    from portfolio.choices import Role

    if not scope.forvaltning_ids({Role.FORVALTNINGSCHEF}):
        return None
    from portfolio.models import Forvaltning

    return {"forvaltningar": Forvaltning.objects.filter(pk__in=scope.forvaltning_ids())}


def strateg_panel(request, scope):
    from django.db.models import Count

    from portfolio.choices import InitiativeStatus
    from portfolio.initiatives.rules import steered_kommun_ids
    from portfolio.models import Initiative

    kommuner = steered_kommun_ids(scope)
    if not kommuner:
        return None
    qs = Initiative.objects.filter(kommun__in=kommuner)
    counts = dict(qs.values_list("status").annotate(n=Count("pk")))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in InitiativeStatus.choices],
        "awaiting": counts.get(InitiativeStatus.KVALIFICERING, 0),
    }
