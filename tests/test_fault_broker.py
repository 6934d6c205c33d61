"""Fault tests (CI, marked redis): the broker is down when work is asked for.

Each test starts a Redis server of its own on a free port, so stopping it
disturbs nothing else; the "web" side runs in a process of its own so that it
has its own broker connection.
"""

import pytest

from portfolio.outbox.models import OutboxMessage, OutboxState
from tests.worker import celery_worker, free_port, redis_server, run_django, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ENQUEUE = """
from django.db import transaction
from portfolio.outbox import services as outbox
from portfolio.tasks import purge_login_events
with transaction.atomic():
    message = outbox.enqueue(purge_login_events, 30, label="Rensa inloggningar")
print(message.pk)
"""

SWEEP = """
import datetime
from django.utils import timezone
from portfolio.outbox import services as outbox
print(outbox.sweep(now=timezone.now() + datetime.timedelta(hours=1)))
"""


def test_work_asked_for_while_the_broker_is_down_runs_once_when_it_returns():
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    pk = int(run_django(ENQUEUE, CELERY_BROKER_URL=broker).strip())  # no exception
    message = OutboxMessage.objects.get(pk=pk)
    assert message.state == OutboxState.WAITING
    assert "Kön kunde inte nås" in message.error
    with redis_server(port), celery_worker(CELERY_BROKER_URL=broker):
        assert str(pk) in run_django(SWEEP, CELERY_BROKER_URL=broker)
        assert wait_for(
            lambda: OutboxMessage.objects.get(pk=pk).state == OutboxState.DONE, timeout=60
        )
        # A second sweep finds nothing: the work ran exactly once.
        assert run_django(SWEEP, CELERY_BROKER_URL=broker).strip() == "[]"
    message.refresh_from_db()
    assert message.attempts == 1
