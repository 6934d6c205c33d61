"""Time a 20 000-row system import (preview and confirmed import) in a throw-away database.

``--profile`` also prints the cProfile functions with the most cumulative time
for each step (the figures then include the profiler's overhead).
"""

import contextlib
import cProfile
import io
import pstats
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment

from portfolio.imports import services as import_services
from portfolio.jobs import JobStatus
from portfolio.models import Forvaltning, System


def build_csv(rows: int, forvaltning: str, owner: str) -> bytes:
    """A semicolon CSV as Swedish Excel saves it (BOM, decimal comma)."""
    lines = [
        "Namn;Beskrivning;Typ;Kategori;Verksamhetsområde;Förvaltning;Systemägare;Drift;"
        "Livscykelfas;Funktionell lämplighet;Teknisk lämplighet;Antal användare;"
        "Tillgänglighetsmål"
    ]
    for i in range(rows):
        lines.append(
            f"Importsystem {i:05d};Importerat system nummer {i};Verksamhetssystem;"
            f"Verksamhetssystem;IT;{forvaltning};{owner};SaaS/molntjänst;I drift;"
            f"{i % 4 + 1};{(i // 4) % 4 + 1};1 {i % 1000:03d};99,{i % 10}"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


class Command(BaseCommand):
    help = "Mät tiden för att importera 20 000 system (förhandsgranskning och import)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000)
        parser.add_argument("--profile", action="store_true")
        parser.add_argument("--top", type=int, default=35)

    def handle(self, *args, rows, profile, top, **options):
        self.profile, self.top = profile, top
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
        try:
            self._run(rows)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    @contextlib.contextmanager
    def _profiled(self, title):
        if not self.profile:
            yield
            return
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            yield
        finally:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(self.top)
            self.stdout.write(f"\n=== {title} ===\n{out.getvalue()}")

    def _run(self, rows):
        call_command("generate_bench_data", scale=1, stdout=open("/dev/null", "w"))  # noqa: SIM115
        actor = get_user_model().objects.get(username="bench.strateg.01")
        forvaltning = Forvaltning.objects.filter(kommun__name="Bench 01").order_by("pk").first()
        content = build_csv(rows, forvaltning.name, actor.username)
        settings.IMPORT_ASYNC_ROWS = rows + 1  # preview in-process, timed on its own
        before = System.objects.count()

        start = time.perf_counter()
        with self._profiled("förhandsgranskning"):
            job = import_services.start_import(
                actor=actor,
                kind="system",
                kommun=forvaltning.kommun,
                uploaded=SimpleUploadedFile("bench.csv", content),
            )
        preview = time.perf_counter() - start
        assert job.error_rows == 0, job.preview.get("errors", [])[:3]

        start = time.perf_counter()
        with self._profiled("import"):
            import_services.confirm_import(actor=actor, job=job)  # the task runs on commit
        job.refresh_from_db()
        imported = time.perf_counter() - start
        assert job.status == JobStatus.DONE, job.error
        created = System.objects.count() - before

        size = f"{len(content) / 1e6:.1f}".replace(".", ",")
        self.stdout.write(f"\nImport av {rows:_} system (CSV, {size} MB):".replace("_", " "))
        self.stdout.write(f"  förhandsgranskning {preview:6.1f} s  {rows / preview:8.0f} rader/s")
        self.stdout.write(
            f"  import             {imported:6.1f} s  {rows / imported:8.0f} rader/s"
            f"  ({created} skapade)"
        )
