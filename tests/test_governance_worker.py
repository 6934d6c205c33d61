"""Integration (CI): a real Celery worker on Redis carries out what a justering queues.

The justering commits first; then the worker e-mails the applicant,
upphandlingscenter and the IT-enhet (one Notification row each) and renders
the minutes PDF.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from governance.meetings import justering
from governance.models import Meeting, Notification
from portfolio.jobs import JobStatus
from tests.factories import governance_world
from tests.test_governance import add_item, decide, meeting, prepared
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with celery_worker() as process:
        yield process


def test_the_worker_sends_the_effects_of_a_justering(worker):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    w = governance_world()
    m = meeting(w, timezone.make_aware(datetime.datetime(2026, 9, 12, 9)))
    case = prepared(w)
    decide(w, add_item(w, m, case))
    assert not Notification.objects.exists()  # recorded, not justerat: nothing queued
    justering.sign_minutes(actor=w.ledamot, meeting=m)
    done = wait_for(
        lambda: (
            Notification.objects.count() == 3
            and Meeting.objects.get(pk=m.pk).minutes_status in (JobStatus.DONE, JobStatus.FAILED)
        ),
        timeout=120,
    )
    if not done:
        worker.terminate()
        pytest.fail("worker did not finish:\n" + worker.communicate(timeout=20)[0])
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        [w.systemagare.email, "upphandling@kommun.se", "it@kommun.se"]
    )
    assert Meeting.objects.get(pk=m.pk).minutes_status == JobStatus.DONE
