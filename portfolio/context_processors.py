from portfolio.navigation import nav_for, nav_groups
from portfolio.notices.context import unread_for
from portfolio.policy import get_scope


def portal(request):
    if not hasattr(request, "user"):
        return {}
    scope = get_scope(request.user)
    return {
        "portal_nav": nav_groups(nav_for(request)),
        "portal_roles": scope.roles(),
        # called by the header only: a cache look-up (filled at login), no query per page
        "notices_unread": unread_for(request),
    }
