"""Background jobs of the outbox: send one email, repair the outbox, and the heartbeat that
the readiness endpoint looks for. Scheduled ones are in ``CELERY_BEAT_SCHEDULE``."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from core.health import heartbeat_record
from core.outbox import email_send, outbox_sweep

# Transient: the SMTP server or the network (OSError covers sockets and timeouts), the database.
RETRYABLE = (smtplib.SMTPException, OSError, OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=RETRYABLE,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
)
def email_send_task(self, email_id):
    """Send one outbox email. Safe to deliver twice: the service sends only a PENDING or
    FAILED row and marks it SENDING (committed) before the message leaves."""
    return email_send(email_id=email_id)


@shared_task
def outbox_sweep_task():
    """Run by beat: SENDING rows left by a dead sender become UNCERTAIN; PENDING and FAILED
    rows whose task was lost are sent again."""
    return outbox_sweep()


@shared_task(bind=True, ignore_result=True)
def heartbeat_task(self):
    """Run by beat: record that a worker is alive (see ``core.health``)."""
    heartbeat_record(name=self.request.hostname)
