"""Background jobs of the cohorts app: checking and applying roster imports."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from cohorts import roster

TRANSIENT_ERRORS = (OperationalError, InterfaceError, TimeoutError, ConnectionError)
_retry = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**_retry)
def roster_import_validate_task(self, roster_import_id):
    """Check an uploaded roster into a preview; does nothing once it was checked."""
    roster.roster_import_validate(roster_import_id=roster_import_id)


@shared_task(**_retry)
def roster_import_apply_task(self, roster_import_id):
    """Apply a checked roster in one transaction; does nothing once it was applied."""
    roster.roster_import_apply(roster_import_id=roster_import_id)
