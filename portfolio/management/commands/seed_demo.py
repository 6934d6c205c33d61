from django.core.management.base import BaseCommand
from django.db import transaction

from portfolio import demo


class Command(BaseCommand):
    help = "Load the demo municipalities, accounts and portfolio (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, seeder in demo.seeders():
                self.stdout.write(f"  {name}")
                seeder()
        self.stdout.write(self.style.SUCCESS("Demodata är inläst."))
