"""Start-page panel: the next meetings and due dates from the årshjul."""

from __future__ import annotations

import datetime

from django.utils import timezone

from governance.models import AnnualMilestone, Meeting
from portfolio import policy

MAX_MEETINGS = 6
MAX_MILESTONES = 5
DAYS_AHEAD = 120


def upcoming_panel(request, scope):
    """Two queries: the next meetings the user may see, and the årshjul's points."""
    if scope.is_anonymous or scope.is_superuser:
        return None
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    meetings = list(
        policy.restrict(Meeting.objects.all(), user)
        .filter(starts_at__gte=now, starts_at__lte=now + datetime.timedelta(days=DAYS_AHEAD))
        .select_related("council")
        .order_by("starts_at")[:MAX_MEETINGS]
    )
    due = []
    milestones = policy.restrict(
        AnnualMilestone.objects.filter(kommun__in=scope.member_kommun_ids()), user
    ).select_related("kommun")
    several = len(scope.member_kommun_ids()) > 1
    for milestone in milestones:
        date = milestone.date_in(today.year)
        if date < today:
            date = milestone.date_in(today.year + 1)
        due.append((date, milestone))
    due.sort(key=lambda row: (row[0], row[1].title))
    if not (meetings or due):
        return None
    return {
        "meetings": meetings,
        "due": due[:MAX_MILESTONES],
        "several_kommuner": several,
        "today": today,
    }
