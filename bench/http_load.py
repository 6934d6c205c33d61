"""HTTP load for ``make bench-http``: Locust users against a running server.

Run by ``manage.py bench_http`` (which resolves the URLs and prints the table);
it imports no Django. Reads a JSON plan on stdin::

    {"base_url": "http://127.0.0.1:8123", "login_path": "/konto/login/",
     "seconds": 10, "users": 4, "password": "...", "pages": [{"label": "...", "path": "/system/",
     "username": "bench.strateg.01" or null}]}

and writes one JSON list on stdout, one entry per page: completed requests,
errors, req/s and p50/p95 in ms. For each page, ``users`` Locust users (one
connection each, no wait time) log in through the login form, wait until all
of them are ready, and then request the page in a loop for ``seconds``; only
requests that finish inside that window count.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
READY_TIMEOUT = 120  # s: logging in hashes the password (PBKDF2) once per user


class Window:
    """The measurement window shared by one page's users."""

    def __init__(self, users: int, seconds: float):
        self.users = users
        self.seconds = seconds
        self.ready = 0
        self.opened = Event()
        self.start = self.end = 0.0
        self.latencies: list[float] = []
        self.errors = 0
        self.login_failures = 0

    def open(self) -> None:
        self.start = time.perf_counter()
        self.end = self.start + self.seconds
        self.opened.set()


def page_user(plan: dict, page: dict, window: Window):
    base_url, login_path, path = plan["base_url"], plan["login_path"], page["path"]
    username, password = page.get("username"), plan.get("password", "")

    class PageUser(FastHttpUser):
        host = base_url
        wait_time = constant(0)

        def on_start(self):
            if username and not self._log_in():
                window.login_failures += 1
            window.ready += 1
            window.opened.wait()

        def _log_in(self) -> bool:
            form = self.client.get(login_path, name="login form")
            token = CSRF_FIELD.search(form.text or "")
            if token is None:
                return False
            self.client.post(
                login_path,
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "username": username,
                    "password": password,
                },
                headers={"Referer": base_url + login_path},
                name="login",
            )
            check = self.client.get(path, name="login check", allow_redirects=False)
            return check.status_code == 200

        @task
        def page(self):
            started = time.perf_counter()
            if started >= window.end:
                raise StopUser()
            with self.client.get(
                path, name=path, allow_redirects=False, catch_response=True
            ) as response:
                finished = time.perf_counter()
                ok = response.status_code == 200
                if not ok:
                    response.failure(f"status {response.status_code}")
                if finished <= window.end:
                    if ok:
                        window.latencies.append((finished - started) * 1000)
                    else:
                        window.errors += 1

    return PageUser


def measure(plan: dict, page: dict) -> dict:
    window = Window(plan["users"], plan["seconds"])
    user_class = page_user(plan, page, window)
    env = Environment(user_classes=[user_class])
    runner = env.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["users"])
    deadline = time.perf_counter() + READY_TIMEOUT
    while window.ready < plan["users"] and time.perf_counter() < deadline:
        gevent.sleep(0.05)
    window.open()
    gevent.sleep(plan["seconds"] + 0.2)
    runner.quit()
    latencies = sorted(window.latencies)
    p95 = statistics.quantiles(latencies, n=100)[94] if len(latencies) > 1 else None
    return {
        "label": page["label"],
        "path": page["path"],
        "requests": len(latencies),
        "errors": window.errors,
        "login_failures": window.login_failures,
        "rps": len(latencies) / plan["seconds"],
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": p95,
    }


def main() -> None:
    plan = json.load(sys.stdin)
    results = []
    for page in plan["pages"]:
        results.append(measure(plan, page))
        print(f"  {page['label']}: klar", file=sys.stderr, flush=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
