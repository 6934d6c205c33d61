from portfolio.navigation import nav_for, nav_groups
from portfolio.policy import get_scope


def portal(request):
    if not hasattr(request, "user"):
        return {}
    scope = get_scope(request.user)
    return {"portal_nav": nav_groups(nav_for(request)), "portal_roles": scope.roles()}
