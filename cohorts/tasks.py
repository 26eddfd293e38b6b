"""Background jobs of the cohorts app: roster imports, session notices and reminders, and
the scheduling assistant. Each takes primary keys and calls one service."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from cohorts.scheduling.proposals import proposal_compute, proposal_confirm_queued
from cohorts.services.notices import notice_send, notices_sweep, reminders_queue
from cohorts.services.roster import (
    roster_import_apply,
    roster_import_validate,
    roster_imports_requeue_stale,
    roster_uploads_cleanup,
)
from cohorts.services.roster_export import roster_export_build, roster_exports_cleanup

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
    roster_import_validate(roster_import_id=roster_import_id)


@shared_task(**_retry)
def roster_import_apply_task(self, roster_import_id):
    """Apply a checked roster in one transaction; does nothing once it was applied."""
    roster_import_apply(roster_import_id=roster_import_id)


@shared_task(**_retry)
def roster_imports_sweep_task(self):
    """Send again the checks of uploaded rosters whose task was lost; run every 5 minutes
    by Celery beat. Returns how many were sent."""
    return roster_imports_requeue_stale()


@shared_task(**_retry)
def roster_uploads_cleanup_task(self):
    """Delete roster uploads that will never be applied and roster exports (both kept at most
    SELARAS_UPLOAD_RETENTION_DAYS); run daily by Celery beat. Returns how many files."""
    return roster_uploads_cleanup() + roster_exports_cleanup()


@shared_task(**_retry)
def roster_export_build_task(self, roster_export_id):
    """Build a roster export's workbook; does nothing once it is built or while a live
    worker builds it."""
    roster_export_build(roster_export_id=roster_export_id)


# Session notices (cohorts.services.notices) ----------------------------------------------------


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
)
def session_notice_send_task(self, notice_id):
    """Send one session notice with its .ics. Safe to run twice: the outbox sends it at most
    once and the service returns early once SENT; each failure is recorded before the retry."""
    return notice_send(notice_id=notice_id)


@shared_task
def notices_sweep_task():
    """Run by beat: send again the notices whose task was lost (see ``notices_sweep``)."""
    return notices_sweep()


@shared_task(**_retry)
def session_reminders_task(self):
    """Record (and enqueue) the reminders due today; run hourly by Celery beat. Idempotent:
    each reminder's key names its booking and day."""
    return reminders_queue()


# Scheduling assistant (cohorts.schedule_proposals) --------------------------------------------


@shared_task(**_retry)
def schedule_proposal_compute_task(self, proposal_id):
    """Compute a proposal; does nothing once it left COMPUTING (ready, failed, discarded)."""

    proposal_compute(proposal_id=proposal_id)


@shared_task(**_retry)
def schedule_proposal_confirm_task(self, proposal_id, user_id=None):
    """Book a large confirmed proposal (all or nothing); does nothing once it is confirmed."""

    proposal_confirm_queued(proposal_id=proposal_id, user_id=user_id)
