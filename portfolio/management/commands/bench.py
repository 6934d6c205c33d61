"""Print queries and median server time for the main pages at scale 1 and 10."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from portfolio import bench
from portfolio.models import Forvaltning, Initiative, System

PAGES = [
    # label, url name, args builder, user
    ("Översikt", "portfolio:home", None, "bench.strateg"),
    ("Systemlista", "portfolio:system_list", None, "bench.strateg"),
    ("Systemdetalj", "portfolio:system_detail", "system", "bench.strateg"),
    ("Initiativlista", "portfolio:initiative_list", None, "bench.strateg"),
    ("Initiativdetalj", "portfolio:initiative_detail", "initiative", "bench.strateg"),
    ("Min portfölj", "portfolio:my_portfolio", None, "bench.chef"),
    ("Prioritering", "portfolio:prioritisation_ranking", None, "bench.strateg"),
]


class Command(BaseCommand):
    help = "Benchmark the main pages on generated data (scale 1 and 10)."

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1,10")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, scales, repeat, **options):
        for scale in [int(s) for s in scales.split(",")]:
            started = time.perf_counter()
            counts = bench.generate(scale)
            self.stdout.write(
                f"\n== skala {scale}: {counts} (genererat på {time.perf_counter() - started:.1f} s)"
            )
            self.stdout.write(f"{'sida':<18}{'frågor':>8}{'median ms':>12}{'status':>8}")
            kommun_id = Forvaltning.objects.get(
                role_assignments__user__username="bench.chef"
            ).kommun_id
            objects = {
                "system": System.objects.filter(kommun_id=kommun_id).order_by("pk").first(),
                "initiative": Initiative.objects.filter(kommun_id=kommun_id).order_by("pk").first(),
            }
            for label, name, arg, username in PAGES:
                try:
                    url = reverse(name, args=[objects[arg].pk] if arg else None)
                except NoReverseMatch:
                    self.stdout.write(f"{label:<18}{'saknas i denna version':>28}")
                    continue
                client = Client(HTTP_HOST="localhost")
                client.force_login(get_user_model().objects.get(username=username))
                client.get(url)  # warm up caches and templates
                timings, queries, status = [], 0, 0
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as ctx:
                        t0 = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - t0) * 1000)
                    queries, status = len(ctx.captured_queries), response.status_code
                self.stdout.write(
                    f"{label:<18}{queries:>8}{statistics.median(timings):>12.1f}{status:>8}"
                )
        bench.clear_bench_data()
