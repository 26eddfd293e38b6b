import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo: DKI Jakarta's units, its 317 leaders, one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-learning",
            action="store_true",
            help="Only regions, participants and accounts: no programme, progress or certificates.",
        )

    def handle(self, *args, without_learning=False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded in production mode (DJANGO_ENV=production)."
            )
        started = time.monotonic()
        result = demo_load(learning=not without_learning)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready in {time.monotonic() - started:.1f} s: {result.participants_total} "
                f"participants ({result.participants_created} new)."
            )
        )
        width = max(len(email) for email, _, _ in result.accounts)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password: {settings.SELARAS_DEMO_PASSWORD}):")
        for email, role, name in result.accounts:
            self.stdout.write(f"  {email:<{width}}  {role:<12}  {name}")
        self.stdout.write(
            f"\nSite: {settings.SELARAS_BASE_URL}/   Admin: {settings.SELARAS_BASE_URL}/admin/\n"
        )
