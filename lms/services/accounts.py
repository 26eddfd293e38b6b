"""Writes for accounts and invitations. Views, tasks, commands and the demo loader call these."""

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Participant
from core.errors import DomainError
from core.jobs import enqueue_each, enqueue_on_commit
from core.models import OutboundEmail
from core.outbox import email_cancel, email_queue, email_send
from core.roles import Role
from lms.models import Invitation, User

logger = logging.getLogger(__name__)

INVITATION_SALT = "selaras.invitation"
ALREADY_USED = gettext_lazy(
    "This invitation has already been used. Sign in, or reset your password if you forgot it."
)
OPEN_INVITATION_STATES = (
    Invitation.Status.PENDING,
    Invitation.Status.SENT,
    Invitation.Status.FAILED,
)


@transaction.atomic
def user_create_for_participant(*, participant: Participant) -> User:
    """Create (or return) the account of a participant: username = NIP, in the Peserta group.

    The account has no usable password until its holder accepts an invitation.
    """
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.user_id:
        return participant.user
    if not participant.email:
        raise DomainError(
            _("%(name)s has no email address to invite.") % {"name": participant.name}
        )
    if User.objects.filter(email__iexact=participant.email).exists():
        raise DomainError(
            _("The email %(email)s already belongs to another account.")
            % {"email": participant.email}
        )
    user = User(
        username=participant.nip, email=participant.email.lower(), first_name=participant.name[:150]
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=Role.PESERTA))
    participant.user = user
    participant.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def invitation_create(*, user: User, invited_by: User | None = None) -> Invitation:
    """Invite ``user`` to set a password. Earlier open invitations are revoked (old links die).

    Side effect: after commit, the invitation email is sent by ``invitation_send_task``;
    the older invitations' emails still unsent are withdrawn from the outbox.
    """
    if user.has_usable_password():
        raise DomainError(
            _("%(user)s has already set a password; use password reset instead.") % {"user": user}
        )
    if not user.email:
        raise DomainError(_("%(user)s has no email address to invite.") % {"user": user})
    older = Invitation.objects.filter(user=user, status__in=OPEN_INVITATION_STATES)
    unsent = [pk for pk in older.values_list("outbound_email_id", flat=True) if pk]
    older.update(status=Invitation.Status.REVOKED)
    # An older email not yet sent would carry a dead link: withdraw it.
    email_cancel(email_ids=unsent, reason=_("Replaced by a newer invitation."))
    now = timezone.now()
    invitation = Invitation.objects.create(
        user=user,
        email=user.email,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.SELARAS_INVITATION_DAYS),
    )
    enqueue_on_commit("lms.tasks.invitation_send_task", invitation.pk)
    return invitation


def participant_invite(*, participant: Participant, invited_by: User | None = None) -> Invitation:
    """Create the participant's account if needed and send an invitation."""
    with transaction.atomic():
        user = user_create_for_participant(participant=participant)
        return invitation_create(user=user, invited_by=invited_by)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT, compress=False)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("lms:invitation_accept", kwargs={"token": invitation_token(invitation)})
    return settings.SELARAS_BASE_URL.rstrip("/") + path


def invitation_email_key(invitation: Invitation) -> str:
    """The outbox key of the invitation's email: a new nonce (re-invite) is a new email."""
    return f"invitation:{invitation.pk}:{invitation.nonce}"


SENDABLE = (Invitation.Status.PENDING, Invitation.Status.FAILED)


@transaction.atomic
def invitation_hand_over(*, invitation_id: int) -> int | None:
    """Render the invitation email and queue it in the outbox, once (the key names the
    invitation and its nonce). Returns the outbox email's id, or None when the invitation is
    no longer waiting to be sent (sent, accepted or revoked)."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation_id)
    if invitation.status not in SENDABLE:
        return None
    if invitation.outbound_email_id:
        return invitation.outbound_email_id
    context = {
        "invitation": invitation,
        "user": invitation.user,
        "url": invitation_url(invitation),
        "expires_at": invitation.expires_at,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Selaras] Your invitation to Selaras")
        text = render_to_string("lms/email/invitation.txt", context)
        html = render_to_string("lms/email/invitation.html", context)
    email = email_queue(
        key=invitation_email_key(invitation),
        recipient=invitation.email,
        subject=subject,
        text=text,
        html=html,
        send=False,  # sent at once by invitation_send; the outbox sweep covers a crash
    )
    invitation.outbound_email = email
    invitation.save(update_fields=["outbound_email"])
    return email.pk


def invitation_send(*, invitation_id: int) -> bool:
    """Send the invitation email once: hand it to the outbox, send it, then mark the
    invitation SENT when the email is. Returns True when the email went out now, False when
    there was nothing to send (already sent, in flight elsewhere, accepted or revoked).

    At most once: the outbox commits SENDING before the message leaves (``core.outbox``).
    A failure marks the invitation FAILED with the error and is raised again for the task's
    retry. Must not run inside a transaction.
    """
    email_id = invitation_hand_over(invitation_id=invitation_id)
    if email_id is None:
        return False
    try:
        sent = email_send(email_id=email_id)
    except Exception as exc:
        invitation_mark_failed(invitation_id=invitation_id, error=repr(exc))
        raise
    invitation_sync(invitation_id=invitation_id)
    return sent


@transaction.atomic
def invitation_sync(*, invitation_id: int) -> Invitation:
    """Mirror the outbox: an open invitation whose email is SENT becomes SENT (with the
    email's time and attempts). Used after sending and by the sweep after a crash."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("outbound_email")
        .get(pk=invitation_id)
    )
    email = invitation.outbound_email
    if email and email.status == OutboundEmail.Status.SENT and invitation.status in SENDABLE:
        invitation.set_status(Invitation.Status.SENT)
        invitation.sent_at = email.sent_at
        invitation.attempts = email.attempts
        invitation.last_error = ""
        invitation.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return invitation


@transaction.atomic
def invitation_mark_failed(*, invitation_id: int, error: str) -> None:
    """Record a failed attempt (FAILED, the error); a sent or closed invitation is left."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("outbound_email")
        .get(pk=invitation_id)
    )
    if invitation.status in SENDABLE:
        invitation.set_status(Invitation.Status.FAILED)
        email = invitation.outbound_email
        invitation.attempts = email.attempts if email else invitation.attempts + 1
        invitation.last_error = error[:2000]
        invitation.save(update_fields=["status", "attempts", "last_error"])


def invitations_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send again every open invitation whose task was lost (a broker outage, a dead worker):
    PENDING or FAILED, unexpired, older than ``SELARAS_SWEEP_DELAY`` seconds, and either not
    yet handed to the outbox or with its email SENT there (then it is only marked SENT).
    An email still pending or failing in the outbox is the outbox sweep's. Returns how many
    tasks were sent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SELARAS_SWEEP_DELAY)
    lost = (
        Invitation.objects.filter(status__in=SENDABLE, created_at__lt=cutoff, expires_at__gt=now)
        .filter(
            Q(outbound_email__isnull=True) | Q(outbound_email__status=OutboundEmail.Status.SENT)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.SELARAS_SWEEP_BATCH]
    )
    return enqueue_each("lms.tasks.invitation_send_task", list(lost))


def invitation_get_by_token(token: str) -> Invitation:
    """Return the open invitation a token points to, or raise DomainError saying why not."""
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(
            _("This invitation link is not valid. Check that it was copied whole.")
        ) from None
    invitation = Invitation.objects.select_related("user").filter(pk=pk).first()
    if invitation is None or invitation.nonce != nonce:
        raise DomainError(
            _("This invitation link has been replaced by a newer invitation. Use the latest email.")
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        raise DomainError(ALREADY_USED)
    if invitation.status == Invitation.Status.REVOKED:
        raise DomainError(_("This invitation was withdrawn. Ask the organiser for a new one."))
    if invitation.is_expired:
        raise DomainError(_("This invitation has expired. Ask the organiser to send a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited user's password and close the invitation. Works once per invitation.

    Raises DomainError (link invalid/used/expired) or ValidationError (weak password).
    """
    invitation = invitation_get_by_token(token)
    # Re-read under a lock: two tabs submitting the same link must not both succeed.
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.status not in OPEN_INVITATION_STATES:
        raise DomainError(ALREADY_USED)
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    if invitation.status != Invitation.Status.SENT:
        invitation.set_status(Invitation.Status.SENT)
    invitation.set_status(Invitation.Status.ACCEPTED)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at"])
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )
    return user
