"""Background jobs of the learning engine: invitation emails, certificates and the sweep that
sends lost work again. Each takes primary keys and calls one service; see ``lms/celery.py``
for the house rules."""

import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from lms.services import accounts as services
from lms.services import certificate_batches
from lms.services import certificates as certificate_services
from lms.services import visioning as visioning_services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
)
def invitation_send_task(self, invitation_id):
    """Send one invitation email. Safe to run twice: the outbox sends it at most once and the
    service returns early once the invitation is SENT; each failure is recorded first."""
    return services.invitation_send(invitation_id=invitation_id)


@shared_task
def lms_sweep_task():
    """Run by beat: send again the work whose task was lost — open invitations not sent,
    certificates of completed programmes not issued, PDFs pending, failed or missing."""
    return {
        "invitations": services.invitations_sweep(),
        **certificate_services.certificates_sweep(),
    }


# Certificates ----------------------------------------------------------------------------------

TRANSIENT_ERRORS = (OperationalError, InterfaceError, TimeoutError, ConnectionError)
_certificate_retry = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**_certificate_retry)
def certificate_issue_task(self, participant_id, programme_id):
    """Issue a participant's certificate on completion, then render it. Idempotent: an issued
    certificate is returned as is and a rendered PDF is not drawn again."""
    return certificate_services.certificate_issue_and_render(
        participant_id=participant_id, programme_id=programme_id
    ).pk


@shared_task(**_certificate_retry)
def certificate_render_task(self, certificate_id):
    """Render one certificate's PDF; does nothing when it is already rendered."""
    return certificate_services.certificate_render(certificate_id=certificate_id)


@shared_task(**_certificate_retry)
def certificate_batch_run_task(self, batch_id):
    """Issue and render a batch's certificates; a re-run resumes without duplicates."""
    certificate_batches.certificate_batch_run(batch_id=batch_id)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def visioning_reminder_send_task(reminder_id):
    """Queue a reminder round's emails. Safe to run twice: each email's outbox key names the
    round and the person, so a second run queues none again."""
    return visioning_services.reminder_round_send(reminder_id=reminder_id).queued
