"""Certificates (STTP) of completed programmes, and the batches that issue them for a cohort."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from core.storage import RandomName, private_storage


class Certificate(Lifecycle, models.Model):
    """A certificate (STTP) of a completed programme. The PDF is rendered by a Celery task."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    TRANSITIONS = {Status.VALID: {Status.REVOKED}, Status.REVOKED: set()}
    transition_error = _("A certificate cannot go from “%(old)s” to “%(new)s”.")

    class RenderState(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    number = models.CharField(_("certificate number"), max_length=60, unique=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    jp = models.PositiveSmallIntegerField(_("JP"))
    score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2)
    predicate = models.CharField(_("predicate"), max_length=100)
    modules = models.JSONField(_("modules"), default=list, help_text="[[title, jp], ...]")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    render_state = models.CharField(
        _("PDF"), max_length=8, choices=RenderState.choices, default=RenderState.PENDING
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=RandomName("sertifikat"), blank=True
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["-issued_at"], name="certificate_issued")]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], name="certificate_one_per_programme"
            )
        ]

    def __str__(self):
        return self.number


class CertificateBatch(Lifecycle, models.Model):
    """A background job issuing certificates for a cohort; the admin shows its progress.

    QUEUED → RUNNING → DONE or FAILED; a failed batch is run again, a stalled one resumed.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status_field = "state"
    # RUNNING → RUNNING: a redelivered or resumed run takes over under a new run token.
    TRANSITIONS = {
        State.QUEUED: {State.RUNNING, State.FAILED},
        State.RUNNING: {State.RUNNING, State.DONE, State.FAILED, State.QUEUED},
        State.FAILED: {State.QUEUED, State.RUNNING},
        State.DONE: set(),
    }
    transition_error = _("A certificate batch cannot go from “%(old)s” to “%(new)s”.")

    programme = models.ForeignKey("cms.ProgrammePage", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The run that owns the batch: each step is counted only under this token, so a run
    # superseded by a resume (its worker was thought dead) stops at its next step.
    run_token = models.CharField(max_length=32, blank=True, editable=False)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.programme_id} · {self.get_state_display()} ({self.done}/{self.total})"

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def stalled(self):
        """Queued or running without progress for ``SELARAS_BATCH_STALE_MINUTES``: its worker
        died or its task was lost, and an organiser may resume it."""
        if self.state not in (self.State.QUEUED, self.State.RUNNING):
            return False
        stale = datetime.timedelta(minutes=settings.SELARAS_BATCH_STALE_MINUTES)
        return (self.progress_at or self.created_at) < timezone.now() - stale
