"""The outbound-email outbox and the worker heartbeat.

Every email Selaras sends is first an ``OutboundEmail`` row with a unique ``key`` naming what it
tells (``invitation:<pk>:<nonce>``, ``notice:<pk>``), so queueing it twice finds the first row.
``core.outbox`` sends it: the row is marked SENDING and committed *before* the message goes out,
so a process killed mid-send leaves a SENDING row that is never sent again automatically
(the sweep turns it UNCERTAIN for staff to judge) instead of an email sent twice.
"""

import base64
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle


class OutboundEmail(Lifecycle, models.Model):
    """One email to one recipient, sent at most once (see the module docstring).

    ``attachments`` is a list of ``{"filename", "content_type", "content"}``; the content type
    may carry parameters (``text/calendar; method=REQUEST``); text content is stored as is,
    other content base64-encoded with ``"base64": true``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed (will be retried)")
        UNCERTAIN = "uncertain", _("Uncertain (the sender stopped while sending)")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PENDING: {Status.SENDING, Status.CANCELLED},
        Status.SENDING: {Status.SENT, Status.FAILED, Status.UNCERTAIN},
        Status.FAILED: {Status.SENDING, Status.PENDING, Status.CANCELLED},
        # Only a person may send an uncertain email again (it may have arrived).
        Status.UNCERTAIN: {Status.PENDING, Status.CANCELLED},
        Status.SENT: set(),
        Status.CANCELLED: set(),
    }
    SENDABLE = (Status.PENDING, Status.FAILED)
    transition_error = _("An outgoing email cannot go from “%(old)s” to “%(new)s”.")

    key = models.CharField(_("key"), max_length=150, unique=True)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="outbox_status_updated")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    def on_status_change(self, target):
        self.updated_at = timezone.now()

    def message(self, *, from_email=None) -> EmailMultiAlternatives:
        """The Django email this row describes."""
        message = EmailMultiAlternatives(
            self.subject, self.text, from_email=from_email, to=[self.recipient]
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        for attachment in self.attachments:
            message.attach(_mime_part(attachment))
        return message


def _mime_part(attachment: dict):
    """A MIME part for a stored attachment, keeping the content type's parameters (an
    iCalendar part must say ``method=REQUEST`` or ``method=CANCEL``)."""
    content_type, *params = [part.strip() for part in attachment["content_type"].split(";")]
    main, sub = content_type.split("/", 1)
    content = attachment["content"]
    if attachment.get("base64"):
        part = MIMEBase(main, sub)
        part.set_payload(content)
        part["Content-Transfer-Encoding"] = "base64"
    elif main == "text":
        part = MIMEText(content, sub, "utf-8")
    else:
        part = MIMEBase(main, sub)
        part.set_payload(base64.b64encode(content.encode()).decode())
        part["Content-Transfer-Encoding"] = "base64"
    for param in params:
        name, _sep, value = param.partition("=")
        part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


class WorkerHeartbeat(models.Model):
    """The last time a worker ran the heartbeat task (sent by Celery beat): the readiness
    endpoint checks that one is recent, which proves beat, the broker and a worker work."""

    name = models.CharField(_("worker"), max_length=200, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.name
