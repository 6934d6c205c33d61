from portfolio.navigation import nav_for
from portfolio.notices.context import unread_for
from portfolio.policy import get_scope


def portal(request):
    if not hasattr(request, "user"):
        return {}
    scope = get_scope(request.user)
    return {
        "portal_nav": nav_for(request),
        "portal_roles": scope.roles(),
        # called by the header only: one COUNT per page, none where no header is drawn
        "notices_unread": unread_for(request),
    }
