"""Time (and optionally profile) pages on the current database, e.g. the bench data.

Unlike ``bench`` this uses the database as it is (run ``generate_bench_data``
first) and requests the pages in-process with the test client, so the figures
are server time without HTTP. ``--profile`` prints the cProfile functions with
the most cumulative time for each page.
"""

import cProfile
import io
import pstats
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

DEFAULT_PAGES = "portfolio:system_list,portfolio:initiative_list"


class Command(BaseCommand):
    help = "Mät mediantid (och profilera) sidor mot den aktuella databasen."

    def add_arguments(self, parser):
        parser.add_argument("--pages", default=DEFAULT_PAGES, help="URL-namn, kommaseparerade.")
        parser.add_argument("--user", default="bench.strateg.01")
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--profile", action="store_true")
        parser.add_argument("--top", type=int, default=30)

    def handle(self, *args, pages, user, runs, profile, top, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Användaren {user} finns inte (kör generate_bench_data först).")
        # Not setup_test_environment(): its template instrumentation would be measured.
        client = Client(SERVER_NAME="localhost")
        client.force_login(account)
        self.stdout.write(f"{'Sida':<34} {'frågor':>7} {'median ms':>10} {'min ms':>8} {'kB':>6}")
        for name in pages.split(","):
            url = reverse(name.strip())
            response = client.get(url)  # warm up caches and the template loader
            if response.status_code != 200:
                raise CommandError(f"{url} svarade {response.status_code}")
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            size = len(response.content) / 1024
            self.stdout.write(
                f"{url:<34} {len(ctx.captured_queries):>7} {statistics.median(times):>10.1f} "
                f"{min(times):>8.1f} {size:>6.0f}"
            )
            if profile:
                self._profile(client, url, top)

    def _profile(self, client, url, top):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        self.stdout.write(out.getvalue())
