"""An uploaded roster file on its way from preview to applied, and the roster exported as a
workbook built in the background.

The files are personal data (NIPs, emails, phones): private storage, a random name, deleted
once the import can no longer be applied (``cohorts.services.roster``) or the export is old
(``cohorts.services.roster_export``); the rows stay as the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from core.storage import RandomName, private_storage


class RosterImport(Lifecycle, models.Model):
    """An uploaded roster (CSV or XLSX): validated into a preview, then applied in one go."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Checking")
        VALIDATED = "validated", _("Ready to apply")
        INVALID = "invalid", _("Has errors")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.UPLOADED: {Status.VALIDATED, Status.INVALID, Status.FAILED},
        Status.VALIDATED: {Status.APPLYING},
        Status.INVALID: set(),
        Status.APPLYING: {Status.APPLIED, Status.INVALID, Status.FAILED},
        Status.APPLIED: set(),
        Status.FAILED: {Status.APPLYING, Status.VALIDATED, Status.INVALID},
    }
    transition_error = _("A roster import cannot go from %(old)s to %(new)s.")

    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("impor"), blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    columns = models.JSONField(
        _("columns"), default=list, blank=True, help_text="The fields the file has a column for."
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def may_apply(self):
        """Applying needs a preview without a single error (a failed apply may be re-run)
        and the uploaded file, which is deleted once it can no longer be applied."""
        return (
            self.status in (self.Status.VALIDATED, self.Status.FAILED)
            and not self.error_count
            and self.valid_rows > 0
            and bool(self.file)
        )

    @property
    def running(self):
        return self.status in (self.Status.UPLOADED, self.Status.APPLYING)

    @property
    def percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class RosterExport(Lifecycle, models.Model):
    """The roster as an XLSX built in the background (openpyxl writes a workbook only once it
    is complete, so a national roster cannot be streamed while it is read): requested by an
    organiser, built by ``roster_export_build_task`` with its progress in ``progress_done`` /
    ``progress_total``, stored privately and downloaded by organisers, deleted after
    ``SELARAS_UPLOAD_RETENTION_DAYS`` (``roster_exports_cleanup``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.PENDING: {Status.RUNNING, Status.FAILED},
        # RUNNING → RUNNING: a build whose worker was lost is taken over (see the service)
        Status.RUNNING: {Status.RUNNING, Status.READY, Status.FAILED},
        Status.READY: set(),
        Status.FAILED: set(),
    }
    transition_error = _("A roster export cannot go from %(old)s to %(new)s.")

    format = models.CharField(_("format"), max_length=4, default="xlsx")
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("ekspor"), blank=True
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("roster export")
        verbose_name_plural = _("roster exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def running(self):
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
