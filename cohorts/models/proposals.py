"""What the scheduling assistant proposed for a programme's sessions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorts.models.sessions import TrainingSession
from core.lifecycle import Lifecycle


class ScheduleProposal(Lifecycle, models.Model):
    """What the scheduling assistant proposed for a programme's sessions, adjustable by the
    organiser until confirmed. ``assignments`` maps participant ids to session ids (or null)."""

    class Mode(models.TextChoices):
        TOGETHER = "together", _("Keep each kecamatan's camat and lurah together")
        SPREAD = "spread", _("Spread each kecamatan's leaders over different dates")

    class Status(models.TextChoices):
        COMPUTING = "computing", _("Computing")
        READY = "ready", _("Ready to review")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.COMPUTING: {Status.READY, Status.FAILED, Status.DISCARDED},
        Status.READY: {Status.CONFIRMED, Status.DISCARDED},
        Status.FAILED: {Status.DISCARDED},
        Status.CONFIRMED: set(),
        Status.DISCARDED: set(),
    }
    transition_error = _("A proposal that is “%(old)s” cannot become “%(new)s”.")

    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sessions = models.ManyToManyField(TrainingSession, verbose_name=_("sessions"), related_name="+")
    mode = models.CharField(_("kecamatan leaders"), max_length=8, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.COMPUTING
    )
    assignments = models.JSONField(default=dict, blank=True)
    explanations = models.JSONField(default=list, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule proposal")
        verbose_name_plural = _("schedule proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.programme_id} · {self.get_mode_display()} ({self.get_status_display()})"
