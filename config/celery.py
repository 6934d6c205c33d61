"""The Celery application.

Tasks are thin: they take primary keys and call a service. Without a broker
URL (the embedded default) tasks run in-process, see ``CELERY_TASK_ALWAYS_EAGER``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("kommunportfolj")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
