"""Demo data for API-nycklar: one example token of strateg.lysekil, so the list is not empty.

Its secret is random and never shown, so nobody can use it; try the API with a
token of your own from the page (or from the browser at /api/docs/).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.api import services
from portfolio.api.models import ApiToken

EXAMPLE_NAME = "Exempel: läsning av systemregistret till ekonomisystemet"


def seed_api_tokens() -> None:
    user = get_user_model().objects.filter(username="strateg.lysekil").first()
    if user is None or ApiToken.objects.filter(user=user, name=EXAMPLE_NAME).exists():
        return
    services.create_api_token(
        actor=user,
        name=EXAMPLE_NAME,
        valid_until=timezone.localdate() + datetime.timedelta(days=180),
    )
