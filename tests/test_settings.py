import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import Env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret-value",
    "ALLOWED_HOSTS": "portal.example.se",
    "DB_NAME": "portal",
    "DB_USER": "portal",
    "DB_PASSWORD": "secret-from-vault",
    "DB_HOST": "db",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "REDIS_CACHE_URL": "redis://redis:6379/1",
}


def _manage(args, extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DB_", "CELERY_", "REDIS_", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(extra_env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_required_variables():
    result = _manage(["check"], {})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "CELERY_BROKER_URL" in result.stderr


def test_production_names_the_single_missing_variable():
    env = dict(PRODUCTION_ENV)
    del env["DB_PASSWORD"]
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "DB_PASSWORD" in result.stderr
    assert "SECRET_KEY" not in result.stderr.split("need these environment variables:")[-1]


def test_production_check_deploy_is_clean():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_env_helper_types_and_provided_names():
    env = Env({"A": "5", "B": "ja", "C": "x, y", "D": ""})
    assert env.int("A") == 5
    assert env.bool("B") is True
    assert env.list("C") == ["x", "y"]
    assert env.str("D", "default") == "default"
    assert env.provided == {"A", "B", "C"}
    with pytest.raises(ValueError):
        Env({"A": "nope"}).int("A")


def test_embedded_default_runs_tasks_in_process(settings):
    from config.settings import base

    if not base.CELERY_BROKER_URL:
        assert base.CELERY_TASK_ALWAYS_EAGER is True
    assert base.CELERY_TASK_ACKS_LATE and base.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert base.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert base.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > base.CELERY_TASK_TIME_LIMIT
