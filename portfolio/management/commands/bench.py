"""Server-side benchmark of the main pages at scale 1 and scale 10.

Runs in a throw-away test database (never the dev data). For each page:
number of queries and the median time of five requests (django.test.Client).
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import NoReverseMatch, reverse

from portfolio.models import Forvaltning, Initiative

REQUESTS = 5


def measure(client, url) -> tuple[int, float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    return len(ctx.captured_queries), statistics.median(times), response.status_code


class Command(BaseCommand):
    help = "Mät frågor och mediantid för list-, detalj- och Min portfölj-sidorna."

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1,10")

    def handle(self, *args, scales, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
        try:
            for scale in [int(s) for s in scales.split(",")]:
                self._run(scale)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, scale):
        start = time.perf_counter()
        call_command("generate_bench_data", scale=scale, stdout=self.stdout)
        self.stdout.write(f"  (genererat på {time.perf_counter() - start:.1f} s)")
        users = get_user_model().objects
        strateg = users.get(username="bench.strateg.01")
        chef = users.get(username="bench.fc.01")
        initiative = Initiative.objects.filter(kommun__name="Bench 01").order_by("pk").first()
        forv = Forvaltning.objects.filter(kommun__name="Bench 01").order_by("pk")[1]
        pages = [
            ("Initiativlista", strateg, reverse("portfolio:initiative_list")),
            (
                "Initiativlista, filtrerad",
                strateg,
                reverse("portfolio:initiative_list") + "?status=genomforande&q=Initiativ",
            ),
            ("Initiativ, detalj", strateg, initiative.get_absolute_url()),
            ("Min portfölj (förvaltningschef)", chef, reverse("portfolio:my_portfolio")),
            (
                "Min portfölj (IT-strateg)",
                strateg,
                reverse("portfolio:my_portfolio") + f"?forvaltning={forv.pk}",
            ),
        ]
        try:
            pages.insert(1, ("Systemlista", strateg, reverse("portfolio:system_list")))
        except NoReverseMatch:
            pass
        self.stdout.write(f"\nSkala {scale}:")
        self.stdout.write(f"  {'Sida':<36} {'frågor':>7} {'median ms':>10} {'status':>7}")
        for label, user, url in pages:
            client = Client()
            client.force_login(user)
            queries, median, status = measure(client, url)
            self.stdout.write(f"  {label:<36} {queries:>7} {median:>10.1f} {status:>7}")
