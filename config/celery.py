"""The Celery application.

Tasks are thin: they take primary keys and call a service. Without a broker
URL (the embedded default) tasks run in-process, see ``CELERY_TASK_ALWAYS_EAGER``.
A worker started without ``DJANGO_SETTINGS_MODULE`` uses the production
settings, like ``wsgi.py``; only ``manage.py`` defaults to the dev settings.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("kommunportfolj")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def time_limit_problems(celery_app=app) -> list[str]:
    """Tasks whose hard time limit is not below the broker's visibility timeout.

    Such a task could be delivered to a second worker while the first still
    runs it, so a worker refuses to start with one (see ``_check_time_limits``).
    """
    celery_app.loader.import_default_modules()
    conf = celery_app.conf
    visibility = (conf.broker_transport_options or {}).get("visibility_timeout", 3600)
    problems = []
    for name, task in sorted(celery_app.tasks.items()):
        if name.startswith("celery."):
            continue
        limit = task.time_limit or conf.task_time_limit
        if limit is None or limit >= visibility:
            problems.append(f"{name}: time_limit={limit}, visibility_timeout={visibility}")
    return problems


@worker_init.connect
def _check_time_limits(sender=None, **kwargs) -> None:
    problems = time_limit_problems()
    if problems:
        raise RuntimeError(
            "Every task's hard time limit must lie below the broker's visibility "
            "timeout: " + "; ".join(problems)
        )
