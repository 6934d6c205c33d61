"""HTTP benchmark of the main pages against a running server (``make bench-http``).

``make bench-http`` prepares the bench data (``generate_bench_data --scale 10
--with-logins``), starts gunicorn with ``config.settings.bench`` and runs this
command. It resolves the pages by URL name, hands them to the Locust runner in
``bench/http_load.py`` (a separate process: Locust patches the standard library
with gevent) and prints req/s, p95 and the share of the login page's req/s,
with the machine's load average before and after.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from portfolio.management.commands.generate_bench_data import BENCH_PASSWORD

LOAD_SCRIPT = settings.BASE_DIR / "bench" / "http_load.py"
KOMMUN = "01"  # the bench kommun whose users log in


def pages() -> list[dict]:
    strateg, chef, revisor = (f"bench.{kind}.{KOMMUN}" for kind in ("strateg", "fc", "revisor"))
    return [
        {"label": "Inloggningssidan (bas)", "path": reverse("login"), "username": None},
        {"label": "Systemlista", "path": reverse("portfolio:system_list"), "username": strateg},
        {
            "label": "Initiativlista",
            "path": reverse("portfolio:initiative_list"),
            "username": strateg,
        },
        {
            "label": "Min portfölj (förvaltningschef)",
            "path": reverse("portfolio:my_portfolio"),
            "username": chef,
        },
        {
            "label": "Prioritering",
            "path": reverse("portfolio:prioritisation_ranking"),
            "username": strateg,
        },
        {
            "label": "Granskning (revisor)",
            "path": reverse("portfolio:audit_list"),
            "username": revisor,
        },
    ]


def wait_for_server(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (our server)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise CommandError(f"Servern svarar inte på {url}.")
        time.sleep(0.5)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Command(BaseCommand):
    help = "Mät sidor över HTTP med Locust mot en körande server (make bench-http)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument("--users", type=int, default=4, help="Samtidiga anslutningar.")
        parser.add_argument("--wait", type=float, default=60, help="Sekunder att vänta på servern.")

    def handle(self, *args, base_url, seconds, users, wait, **options):
        plan_pages = pages()
        usernames = {p["username"] for p in plan_pages if p["username"]}
        found = set(
            get_user_model()
            .objects.filter(username__in=usernames)
            .values_list("username", flat=True)
        )
        if found != usernames:
            raise CommandError(
                "Bench-användarna saknas: kör generate_bench_data --with-logins först "
                f"({', '.join(sorted(usernames - found))})."
            )
        base_url = base_url.rstrip("/")
        wait_for_server(base_url + reverse("login"), wait)
        database = settings.DATABASES["default"]
        self.stdout.write(
            f"HTTP-mätning mot {base_url}: {users} samtidiga anslutningar, {seconds:g} s per sida, "
            f"databas {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']})"
        )
        before = load_average()
        plan = {
            "base_url": base_url,
            "login_path": reverse("login"),
            "seconds": seconds,
            "users": users,
            "password": BENCH_PASSWORD,
            "pages": plan_pages,
        }
        try:
            completed = subprocess.run(  # noqa: S603  (our own script, our interpreter)
                [sys.executable, str(LOAD_SCRIPT)],
                input=json.dumps(plan),
                stdout=subprocess.PIPE,  # the results; progress and errors go to stderr
                text=True,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            raise CommandError("Lastgeneratorn misslyckades (se ovan).") from exc
        after = load_average()
        self._table(json.loads(completed.stdout), before, after)

    def _table(self, results: list[dict], before: str, after: str) -> None:
        baseline = results[0]["rps"] or None
        self.stdout.write(f"Load average före (1, 5, 15 min): {before}")
        self.stdout.write(
            f"  {'Sida':<34} {'URL':<16} {'req/s':>7} {'p95 ms':>8} {'andel av bas':>13} {'fel':>4}"
        )
        for row in results:
            share = f"{100 * row['rps'] / baseline:.0f} %" if baseline else "–"
            p95 = f"{row['p95_ms']:.0f}" if row["p95_ms"] is not None else "–"
            errors = row["errors"] + row["login_failures"]
            self.stdout.write(
                f"  {row['label']:<34} {row['path']:<16} {row['rps']:>7.1f} {p95:>8} "
                f"{share:>13} {errors:>4}"
            )
        self.stdout.write(f"Load average efter (1, 5, 15 min): {after}")
        if any(row["errors"] or row["login_failures"] for row in results):
            raise CommandError("Några förfrågningar misslyckades (se kolumnen fel).")
