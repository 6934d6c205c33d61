"""Start-page panel of the audit trail."""

from portfolio import policy
from portfolio.choices import Role


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
