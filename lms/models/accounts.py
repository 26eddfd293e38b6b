"""Accounts: the user (signs in with email or NIP) and the invitation that lets a participant
set a first password."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle


class User(AbstractUser):
    """An account. Participants sign in with their email or with their NIP, kept as username."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or self.username

    def has_role(self, role):
        return any(group.name == role for group in self.groups.all())


def _new_nonce():
    return secrets.token_urlsafe(16)


class Invitation(Lifecycle, models.Model):
    """A single-use, expiring invitation for a person to set their password.

    The link carries a token signed with SECRET_KEY over (id, nonce); the database stores
    no usable secret. Re-inviting replaces the nonce, so older links stop working.

    PENDING until its email is sent (FAILED while sending fails); the email itself is an
    outbox row (``outbound_email``) keyed ``invitation:<pk>:<nonce>``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        FAILED = "failed", _("Sending failed")

    TRANSITIONS = {
        Status.PENDING: {Status.SENT, Status.REVOKED, Status.FAILED},
        Status.FAILED: {Status.SENT, Status.REVOKED, Status.FAILED},
        Status.SENT: {Status.ACCEPTED, Status.REVOKED},
        Status.ACCEPTED: set(),
        Status.REVOKED: set(),
    }
    transition_error = _("An invitation cannot go from “%(old)s” to “%(new)s”.")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The email handed to the outbox (core.outbox), which sends it at most once. SENT here
    # mirrors the email's SENT there.
    outbound_email = models.ForeignKey(
        "core.OutboundEmail",
        verbose_name=_("email"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at
