"""Housekeeping services run by beat tasks."""

import datetime

from django.db import transaction
from django.utils import timezone

from portfolio.models import LoginEvent


@transaction.atomic
def purge_login_events(*, days: int = 365) -> int:
    """Delete login events older than ``days``; returns how many went."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = LoginEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
