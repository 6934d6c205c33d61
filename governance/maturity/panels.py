"""Start-page panel: the respondent's open maturity forms."""

from __future__ import annotations

from governance.maturity.choices import CampaignStatus
from governance.maturity.models import Respondent


def my_open_forms(request, scope):
    if scope.is_anonymous:
        return None
    forms = list(
        Respondent.objects.filter(
            user=request.user, participation__campaign__status=CampaignStatus.OPEN
        )
        .select_related("participation__kommun", "participation__campaign")
        .order_by("participation__campaign__answer_by", "pk")
    )
    return {"forms": forms} if forms else None
