"""Benchmark the IT-bokslut of the largest kommun: time, pages, peak memory.

Data collection and WeasyPrint are timed separately (target: collection under
10 % of the total), and the whole is compared with WeasyPrint's own time for the
same HTML (target: at most 1.1x). Nothing is saved; no job row is left behind.
"""

import resource
import time
import tracemalloc as tracemalloc_module

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from portfolio.models import Kommun
from portfolio.pdf import render_pdf
from reports.choices import ReportKind
from reports.collect import collect
from reports.document import render_html
from reports.models import ReportJob


def plain_weasyprint_seconds(html: str) -> float:
    """WeasyPrint's own time for the same HTML and fonts: one ``write_pdf()``, no PDF/A."""
    import weasyprint

    from portfolio.pdf import STATIC_PREFIX, make_url_fetcher

    t0 = time.perf_counter()
    weasyprint.HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=make_url_fetcher()).write_pdf()
    return time.perf_counter() - t0


class Command(BaseCommand):
    help = "Mät IT-bokslutets renderingstid, sidantal och minnestopp för den största kommunen."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument(
            "--kommun", help="kommunens namn (standard: flest system, sedan flest invånare)"
        )
        parser.add_argument(
            "--tracemalloc",
            action="store_true",
            help="mät Python-minnet med tracemalloc (gör renderingen flera gånger långsammare)",
        )

    def handle(self, *args, year, kommun=None, tracemalloc=False, **options):
        trace = tracemalloc
        qs = Kommun.objects.annotate(
            n=Count("systems", distinct=True), people=Max("year_figures__population")
        ).order_by("-n", "-people", "name")
        target = qs.get(name=kommun) if kommun else qs.first()
        if target is None:
            self.stderr.write("Inga kommuner finns. Kör seed_demo eller generate_bench_data.")
            return
        user = get_user_model().objects.order_by("pk").first()
        with transaction.atomic():
            job = ReportJob.objects.create(
                kind=ReportKind.IT_BOKSLUT, kommun=target, year=year, requested_by=user
            )
            if trace:
                tracemalloc_module.start()
            t0 = time.perf_counter()
            data = collect(job)
            html = render_html(job, data)
            t1 = time.perf_counter()
            rendered = render_pdf(html)
            t2 = time.perf_counter()
            plain = plain_weasyprint_seconds(html)
            peak = None
            if trace:
                _current, peak = tracemalloc_module.get_traced_memory()
                tracemalloc_module.stop()
            transaction.set_rollback(True)  # leave no job behind
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        total = t2 - t0
        collect_s, render_s = t1 - t0, t2 - t1
        self.stdout.write(f"reports.it_bokslut kommun={target.name} year={year}")
        self.stdout.write(f"  pages:            {rendered.page_count}")
        self.stdout.write(f"  variant:          {rendered.variant}")
        self.stdout.write(f"  size:             {len(rendered.data) / 1024:.0f} KiB")
        self.stdout.write(f"  total:            {total:.2f} s")
        self.stdout.write(
            f"  data collection:  {collect_s:.2f} s ({100 * collect_s / total:.1f} %)"
        )
        self.stdout.write(f"  weasyprint:       {render_s:.2f} s ({100 * render_s / total:.1f} %)")
        self.stdout.write(
            f"  plain weasyprint: {plain:.2f} s for the same HTML and fonts "
            f"(IT-bokslut / plain = {total / plain:.2f}x)"
        )
        if peak is not None:
            self.stdout.write(f"  peak traced mem:  {peak / 1024 / 1024:.1f} MiB")
        self.stdout.write(f"  peak memory (max RSS): {rss_mb:.1f} MiB")
