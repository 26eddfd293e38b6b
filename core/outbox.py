"""The outbound-email outbox: queue an email once, send it at most once, retry it safely.

Lifecycle (``OutboundEmail.TRANSITIONS``)::

    PENDING ──► SENDING ──► SENT
       ▲           │  └───► FAILED ──► SENDING … (retried by the task, then by the sweep)
       │           └──────► UNCERTAIN (SENDING for longer than the timeout: the sender died)
       └── resend by a person (FAILED, UNCERTAIN)

``email_send`` commits SENDING *before* the message leaves and SENT in a second transaction
after it. A process killed in between leaves SENDING: no automatic path sends that row
again, so an email is never sent twice; ``outbox_sweep`` turns such rows UNCERTAIN and the
organisers decide in the admin (``core.admin_outbox``) whether to send it again. An SMTP error
is FAILED with the error and is retried — by the task's retry policy, then by the sweep.

Callers (invitations, session notices) render their email and hand it over with
``email_queue`` under a key naming what it tells, in their own transaction; the email task is
sent after commit. The sweep (``core.tasks.outbox_sweep_task``, Celery beat) sends again every
PENDING or FAILED row whose task was lost (a broker outage, a failed enqueue, a dead worker).
"""

import base64
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.jobs import enqueue_each, enqueue_on_commit
from core.models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
SEND_TASK = "core.tasks.email_send_task"


def _attachment(item) -> dict:
    content = item["content"]
    stored = {"filename": item["filename"], "content_type": item["content_type"]}
    if isinstance(content, bytes):
        main = item["content_type"].split("/", 1)[0]
        if main == "text":
            return {**stored, "content": content.decode("utf-8")}
        return {**stored, "content": base64.b64encode(content).decode(), "base64": True}
    return {**stored, "content": content}


@transaction.atomic
def email_queue(
    *,
    key: str,
    recipient: str,
    subject: str,
    text: str,
    html: str = "",
    attachments=(),
    send: bool = True,
) -> OutboundEmail:
    """Record an email under ``key`` and return it; a key already recorded returns the first
    row unchanged (idempotent: a task run twice queues one email).

    ``attachments``: ``{"filename", "content_type", "content"}`` dicts (``content`` str or
    bytes). Side effect: when ``send`` and the row is new, ``email_send_task`` is sent after
    commit. A caller that sends at once itself (``send=False``) is covered by the sweep if it
    dies before doing so.
    """
    if not recipient:
        raise DomainError(_("An email needs a recipient."))
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "subject": subject[:255],
            "text": text,
            "html": html,
            "attachments": [_attachment(item) for item in attachments],
        },
    )
    if created and send:
        enqueue_on_commit(SEND_TASK, email.pk)
    return email


def _locked(email_id: int) -> OutboundEmail | None:
    return OutboundEmail.objects.select_for_update().filter(pk=email_id).first()


def email_send(*, email_id: int) -> bool:
    """Send one email, at most once. Returns True when it was sent now, False when there was
    nothing to send (SENT, SENDING elsewhere, UNCERTAIN, CANCELLED or gone).

    Three steps: (1) lock the row, mark it SENDING with one more attempt, COMMIT; (2) send,
    outside any transaction; (3) mark it SENT. An error in (2) marks it FAILED with the error
    and is raised again for the task's retry policy. Must not run inside a transaction: the
    SENDING mark must be committed before the message leaves.
    """
    with transaction.atomic():
        email = _locked(email_id)
        if email is None or email.status not in OutboundEmail.SENDABLE:
            return False
        email.set_status(Status.SENDING)
        email.attempts += 1
        email.sending_since = email.updated_at
        email.save(update_fields=["status", "attempts", "sending_since", "updated_at"])
    try:
        email.message().send()
    except Exception as error:
        _finish(email_id, Status.FAILED, error=repr(error))
        logger.warning("Email %s (%s) failed: %r", email_id, email.key, error)
        raise
    _finish(email_id, Status.SENT)
    return True


@transaction.atomic
def _finish(email_id: int, status: str, error: str = "") -> None:
    email = _locked(email_id)
    if email is None or email.status != Status.SENDING:
        return  # the sweep judged it UNCERTAIN meanwhile: leave that for a person
    email.set_status(status)
    email.last_error = error[:2000]
    if status == Status.SENT:
        email.sent_at = email.updated_at
    email.save(update_fields=["status", "last_error", "sent_at", "updated_at"])


def email_cancel(*, email_ids, reason: str = "") -> int:
    """Withdraw emails that have not gone out (PENDING or FAILED → CANCELLED) in one
    conditional UPDATE, so a sender that locked one first keeps it. Returns how many were
    withdrawn; SENT, SENDING, UNCERTAIN and CANCELLED rows are left as they are."""
    return OutboundEmail.objects.filter(
        pk__in=list(email_ids), status__in=OutboundEmail.SENDABLE
    ).update(status=Status.CANCELLED, last_error=reason[:2000], updated_at=timezone.now())


@transaction.atomic
def email_resend(*, email: OutboundEmail, requested_by=None) -> OutboundEmail:
    """A person sends a FAILED or UNCERTAIN email again (it goes back to PENDING and its task
    is sent after commit). Raises DomainError for any other state."""
    email = _locked(email.pk)
    if email.status not in (Status.FAILED, Status.UNCERTAIN):
        raise DomainError(_("Only a failed or uncertain email can be sent again."))
    email.set_status(Status.PENDING)
    email.save(update_fields=["status", "updated_at"])
    logger.info("Email %s sent again by %s", email.key, requested_by.pk if requested_by else None)
    enqueue_on_commit(SEND_TASK, email.pk)
    return email


def outbox_sweep(*, now: datetime.datetime | None = None) -> dict:
    """The periodic repair of the outbox (``core.tasks.outbox_sweep_task``):

    - a SENDING row older than ``SELARAS_OUTBOX_SENDING_TIMEOUT`` seconds is UNCERTAIN: its
      sender died mid-send; it is never sent again automatically;
    - every PENDING or FAILED row untouched for ``SELARAS_SWEEP_DELAY`` seconds, with fewer
      than ``SELARAS_OUTBOX_MAX_ATTEMPTS`` attempts, gets a new send task (its own was lost,
      or its retries ran out). Sending is idempotent, so a task that was only late does no harm.

    Returns ``{"uncertain": n, "requeued": n}``.
    """
    now = now or timezone.now()
    timeout = datetime.timedelta(seconds=settings.SELARAS_OUTBOX_SENDING_TIMEOUT)
    # One conditional UPDATE: only rows still SENDING change (SENDING → UNCERTAIN is allowed).
    uncertain = OutboundEmail.objects.filter(
        status=Status.SENDING, sending_since__lt=now - timeout
    ).update(
        status=Status.UNCERTAIN,
        updated_at=now,
        last_error=_("The sender stopped while sending: check with the recipient."),
    )
    if uncertain:
        logger.warning("Outbox: %s email(s) left SENDING are now UNCERTAIN", uncertain)
    cutoff = now - datetime.timedelta(seconds=settings.SELARAS_SWEEP_DELAY)
    lost = list(
        OutboundEmail.objects.filter(
            status__in=OutboundEmail.SENDABLE,
            updated_at__lt=cutoff,
            attempts__lt=settings.SELARAS_OUTBOX_MAX_ATTEMPTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.SELARAS_SWEEP_BATCH]
    )
    return {"uncertain": uncertain, "requeued": enqueue_each(SEND_TASK, lost)}
