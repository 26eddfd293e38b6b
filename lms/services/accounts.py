"""Writes for accounts and invitations. Views, tasks, commands and the demo loader call these."""

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Participant
from core.errors import DomainError
from core.jobs import enqueue_on_commit
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

    Side effect: after commit, the invitation email is sent by ``invitation_send_task``.
    """
    if user.has_usable_password():
        raise DomainError(
            _("%(user)s has already set a password; use password reset instead.") % {"user": user}
        )
    if not user.email:
        raise DomainError(_("%(user)s has no email address to invite.") % {"user": user})
    Invitation.objects.filter(user=user, status__in=OPEN_INVITATION_STATES).update(
        status=Invitation.Status.REVOKED
    )
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


def invitation_send(*, invitation_id: int) -> bool:
    """Send the invitation email once. Returns False when there was nothing to send.

    Locks the row for the duration of the send, so a redelivered task waits and then sees SENT.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("user").get(pk=invitation_id)
        )
        if invitation.status not in (Invitation.Status.PENDING, Invitation.Status.FAILED):
            return False
        invitation.attempts += 1
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
        message = EmailMultiAlternatives(subject, text, to=[invitation.email])
        message.attach_alternative(html, "text/html")
        message.send()
        invitation.set_status(Invitation.Status.SENT)
        invitation.sent_at = timezone.now()
        invitation.last_error = ""
        invitation.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


@transaction.atomic
def invitation_mark_failed(*, invitation_id: int, error: str) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.status in (Invitation.Status.PENDING, Invitation.Status.FAILED):
        invitation.set_status(Invitation.Status.FAILED)
        invitation.last_error = error[:2000]
        invitation.save(update_fields=["status", "last_error"])


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
