"""Start-page panel of the audit trail."""

from portfolio import policy
from portfolio.organisation.rules import reads_audit_trail


def audit_summary(request, scope):
    if not reads_audit_trail(request.user):
        return None
    from portfolio.models import LoginEvent

    events = policy.restrict(LoginEvent.objects.all(), request.user)
    return {
        "recent": events[:8],
        "failed": events.filter(kind="failed").count(),
        "total": events.count(),
    }
