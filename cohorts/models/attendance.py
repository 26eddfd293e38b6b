"""Attendance (presensi) per participant and session day."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models.sessions import SessionDay


class Attendance(models.Model):
    """A participant's presence on one session day, with who marked it, when and how."""

    class Status(models.TextChoices):
        PRESENT = "hadir", _("Present (hadir)")
        LATE = "terlambat", _("Late (terlambat)")
        EXCUSED = "izin", _("Excused (izin)")
        SICK = "sakit", _("Sick (sakit)")
        ABSENT = "alpa", _("Absent (alpa)")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Marked by hand")
        QR = "qr", _("QR check-in")
        IMPORT = "import", _("Imported")

    PRESENT_STATUSES = frozenset({Status.PRESENT, Status.LATE})

    day = models.ForeignKey(
        SessionDay, verbose_name=_("day"), on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    status = models.CharField(_("status"), max_length=9, choices=Status.choices)
    method = models.CharField(_("how"), max_length=6, choices=Method.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["day", "participant"], name="attendance_unique")
        ]

    def __str__(self):
        return f"{self.participant_id} · {self.day_id}: {self.status}"
