import logging
import smtplib
import socket

from celery import shared_task

from lms import services

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
