from django.core.management.base import BaseCommand

from portfolio import bench


class Command(BaseCommand):
    help = "Build a large synthetic data set in 'Bench NN' kommuner (scale 10 ≈ 7 000 system)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="Only remove bench data.")

    def handle(self, *args, scale, clear, **options):
        if clear:
            bench.clear_bench_data()
            self.stdout.write("Benchdata borttagen.")
            return
        counts = bench.generate(scale)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
