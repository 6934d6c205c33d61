"""Start-page panels of the base layer (organisation and roles)."""

from django.db.models import Count

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import Forvaltning, Kommun, KommunYearFigures, RoleAssignment


def my_roles(request, scope):
    assignments = policy.restrict(
        RoleAssignment.objects.filter(user=request.user), request.user
    ).select_related("kommun", "forvaltning__kommun", "samverkan")
    return {"assignments": [a for a in assignments if a.is_active()]}


def my_organisation(request, scope):
    kommuner = policy.restrict(
        Kommun.objects.filter(pk__in=scope.member_kommun_ids()), request.user
    ).annotate(n_forvaltningar=Count("forvaltningar"))
    latest = {}  # the newest figures per kommun: rows come newest first
    for f in KommunYearFigures.objects.filter(kommun__in=kommuner).order_by("kommun", "-year"):
        latest.setdefault(f.kommun_id, f)
    own_forvaltningar = Forvaltning.objects.filter(pk__in=scope.forvaltning_ids()).select_related(
        "kommun"
    )
    return {
        "kommuner": [(k, latest.get(k.pk)) for k in kommuner],
        "own_forvaltningar": own_forvaltningar,
    }


def role_admin(request, scope):
    if not policy.can_add(request.user, RoleAssignment):
        return None
    managed = policy.restrict(RoleAssignment.objects.all(), request.user, policy.MANAGE)
    return {
        "n_assignments": managed.count(),
        "n_users": managed.values("user").distinct().count(),
        "by_role": managed.values("role").annotate(n=Count("id")).order_by("-n"),
        "role_labels": dict(Role.choices),
    }
