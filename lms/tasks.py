"""Background jobs of the learning engine: invitation emails and certificates. Each takes
primary keys and calls one service; see ``lms/celery.py`` for the house rules."""

import logging
import smtplib
import socket

from celery import shared_task
from django.db import InterfaceError, OperationalError

from lms.services import accounts as services
from lms.services import certificates as certificate_services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, socket.error, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
)
def invitation_send_task(self, invitation_id):
    """Send one invitation email. Safe to run twice: the service returns early once SENT."""
    try:
        return services.invitation_send(invitation_id=invitation_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries or not isinstance(exc, self.autoretry_for):
            services.invitation_mark_failed(invitation_id=invitation_id, error=repr(exc))
        raise


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
    certificate_services.certificate_batch_run(batch_id=batch_id)
