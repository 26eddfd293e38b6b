import contextlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from casestudies.demo import case_studies_demo_load
from lms.demo import demo_load
from lms.demo_live import live_demo_load
from lms.demo_practices import practices_demo_load
from lms.demo_visioning import visioning_demo_load
from lms.services.accounts import user_create_for_participant as account_for


@contextlib.contextmanager
def _quiet(*names):
    """Only warnings and errors from these loggers while the block runs."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo: DKI Jakarta's units, its 317 leaders, one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-learning",
            action="store_true",
            help="Only regions, participants and accounts: no programme, progress or certificates.",
        )
        parser.add_argument(
            "--accounts-file",
            type=Path,
            help="Write the demo accounts to this file instead of printing them "
            "(`make run` prints it at every start, without loading the demo again).",
        )

    def handle(self, *args, without_learning=False, accounts_file=None, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded in production mode (DJANGO_ENV=production)."
            )
        started = time.monotonic()
        with _quiet("wagtail", "django_tasks"):  # a line for every page and index task
            result = demo_load(learning=not without_learning)
            # its workflow steps would mail Wagtail's moderation notices to the demo accounts
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                visioning_demo_load(learning=not without_learning)
            live_demo_load(learning=not without_learning)
            case_studies_demo_load(learning=not without_learning, account_for=account_for)
            practices_demo_load(learning=not without_learning)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready in {time.monotonic() - started:.1f} s: {result.participants_total} "
                f"participants ({result.participants_created} new)."
            )
        )
        width = max(len(email) for email, _, _ in result.accounts)
        accounts = "".join(
            f"  {email:<{width}}  {role:<12}  {name}\n" for email, role, name in result.accounts
        )
        accounts = f"\nDemo accounts (password: {settings.SELARAS_DEMO_PASSWORD}):\n{accounts}"
        if accounts_file:
            accounts_file.write_text(accounts)
            return
        self.stdout.write(accounts, ending="")
        self.stdout.write(
            f"\nSite: {settings.SELARAS_BASE_URL}/   Admin: {settings.SELARAS_BASE_URL}/admin/\n"
        )
