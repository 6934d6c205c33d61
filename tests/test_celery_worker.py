"""A real Celery worker process on Redis completes a task against the test database."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from portfolio.models import LoginEvent
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with celery_worker() as process:
        yield process


def test_worker_runs_purge_task(worker):
    from portfolio.tasks import purge_login_events

    old = LoginEvent.objects.create(
        username="gammal", kind="login", created_at=timezone.now() - datetime.timedelta(days=400)
    )
    fresh = LoginEvent.objects.create(username="ny", kind="login")
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    purge_login_events.delay(365)
    done = wait_for(lambda: not LoginEvent.objects.filter(pk=old.pk).exists())
    if not done:
        worker.terminate()
        pytest.fail("worker did not complete the task:\n" + worker.communicate(timeout=20)[0])
    assert LoginEvent.objects.filter(pk=fresh.pk).exists()
