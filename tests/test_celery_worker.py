"""A real Celery worker process on Redis completes a task against the test database."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portfolio.models import LoginEvent

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DB_NAME=connection.settings_dict["NAME"],  # the test database
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


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
