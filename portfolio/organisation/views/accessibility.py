"""The tillgänglighetsredogörelse (DOS-lagen, 2018:1937), public like the law asks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
DIGG_URL = "https://www.digg.se/"


def assessed_on() -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(settings.ACCESSIBILITY_ASSESSED_ON)
    except (TypeError, ValueError):
        return None


@require_GET
def statement(request):
    """Following DIGG's model: status, known gaps, reporting, supervision, how it was tested."""
    return render(
        request,
        "portfolio/organisation/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "assessed_on": assessed_on(),
            "digg_report_url": DIGG_REPORT_URL,
            "digg_url": DIGG_URL,
        },
    )
