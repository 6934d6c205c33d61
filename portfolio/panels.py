"""Start-page panels of the base layer (organisation and roles)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import Forvaltning, Kommun, KommunYearFigures, RoleAssignment
from portfolio.navigation import register_nav, register_panel


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
    stewards = scope.kommun_ids(policy.STEWARD_ROLES)
    if not stewards and not scope.is_superuser:
        return None
    managed = policy.restrict(RoleAssignment.objects.all(), request.user, policy.MANAGE)
    return {
        "n_assignments": managed.count(),
        "n_users": managed.values("user").distinct().count(),
        "by_role": managed.values("role").annotate(n=Count("id")).order_by("-n"),
        "role_labels": dict(Role.choices),
    }


def audit_summary(request, scope):
    if not scope.has_role(Role.ADMINISTRATOR, Role.LASARE):
        return None
    from portfolio.models import LoginEvent

    events = policy.restrict(LoginEvent.objects.all(), request.user)
    return {
        "recent": events[:8],
        "failed": events.filter(kind="failed").count(),
        "total": events.count(),
    }


def register_all():
    register_nav(_("Översikt"), "portfolio:home", order=0)
    register_nav(_("System"), "portfolio:system_list", order=10)
    register_nav(_("Avtal"), "portfolio:contract_list", order=12)
    register_nav(_("Leverantörer"), "portfolio:supplier_list", order=14)
    register_nav(_("Kommuner"), "portfolio:kommun_list", order=80)
    register_nav(_("Samverkan"), "portfolio:samverkan_list", order=85)
    register_nav(
        _("Roller"),
        "portfolio:role_list",
        roles={Role.IT_STRATEG, Role.ADMINISTRATOR},
        order=90,
    )
    register_panel("portfolio/panels/_my_roles.html", my_roles, order=1000)
    register_panel("portfolio/panels/_my_organisation.html", my_organisation, order=900)
    register_panel("portfolio/panels/_role_admin.html", role_admin, order=950)
    register_panel("portfolio/panels/_audit.html", audit_summary, order=960)
