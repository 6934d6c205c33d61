"""make bench-http: its settings and its management command (no load is generated here)."""

import importlib
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portfolio.management.commands import bench_http


def test_bench_settings_keep_debug_off_and_pass_the_system_check():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DEBUG": "1"}
    env.pop("DB_NAME", None)
    check = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    bench = importlib.import_module("config.settings.bench")
    assert bench.DEBUG is False
    assert bench.SECURE_SSL_REDIRECT is False and bench.SESSION_COOKIE_SECURE is False


def test_pages_are_resolved_by_url_name():
    paths = [page["path"] for page in bench_http.pages()]
    assert paths == [
        "/konto/login/",
        "/system/",
        "/initiativ/",
        "/min-portfolj/",
        "/prioritering/",
        "/granskning/",
    ]
    assert bench_http.pages()[0]["username"] is None  # the baseline is anonymous


@pytest.mark.django_db
def test_refuses_to_run_without_the_bench_users():
    with pytest.raises(CommandError, match="generate_bench_data --with-logins"):
        call_command("bench_http", base_url="http://127.0.0.1:9", wait=0, stdout=StringIO())


def test_table_shows_share_of_baseline_and_load_average():
    out = StringIO()
    command = bench_http.Command(stdout=out)
    rows = [
        {"label": "Bas", "path": "/a/", "rps": 200.0, "p95_ms": 12.0, "errors": 0},
        {"label": "Lista", "path": "/b/", "rps": 50.0, "p95_ms": 150.0, "errors": 0},
    ]
    for row in rows:
        row["login_failures"] = 0
    command._table(rows, "1.00 1.00 1.00", "2.00 1.50 1.10")
    text = out.getvalue()
    assert "25 %" in text and "100 %" in text
    assert "före (1, 5, 15 min): 1.00 1.00 1.00" in text
    assert "efter (1, 5, 15 min): 2.00 1.50 1.10" in text
